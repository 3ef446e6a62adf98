// Csv.cpp — reading and writing RFC 4180 CSV text, with no I/O.
#include "domain/Csv.h"

namespace rotunda::domain {
namespace {

bool isBlank(const std::vector<std::string>& fields) { return fields.size() == 1 && fields.front().empty(); }

}  // namespace

CsvParse parseCsv(std::string_view text) {
    CsvParse result;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::size_t line = 1, recordLine = 1, i = 0;
    std::vector<std::string> fields(1);
    const auto endRecord = [&] {
        if (!isBlank(fields)) result.records.push_back({recordLine, std::move(fields)});
        fields.assign(1, std::string());
    };
    const auto endOfLine = [&](std::size_t at) {  // consumes CRLF, LF or CR at `at`; returns the next index
        ++line;
        return text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n' ? at + 2 : at + 1;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"' && fields.back().empty()) {
            const std::size_t opened = line;
            ++i;
            for (;;) {
                if (i >= text.size()) {
                    result.error = CsvError{opened, "a quoted field opened on line " + std::to_string(opened) +
                                                        " is never closed"};
                    return result;
                }
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        fields.back() += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (text[i] == '\r' || text[i] == '\n') {
                    const std::size_t next = endOfLine(i);
                    fields.back() += '\n';  // line breaks inside a field are stored as LF
                    i = next;
                    continue;
                }
                fields.back() += text[i++];
            }
            if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                result.error = CsvError{line, "line " + std::to_string(line) +
                                                  ": text after a closing quote (write a quote inside a quoted "
                                                  "field as two quotes)"};
                return result;
            }
            continue;
        }
        if (c == ',') {
            fields.emplace_back();
            ++i;
        } else if (c == '\r' || c == '\n') {
            i = endOfLine(i);
            endRecord();
            recordLine = line;
        } else {
            fields.back() += c;
            ++i;
        }
    }
    endRecord();
    return result;
}

bool isValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
        const unsigned char b = byte(i);
        if (b < 0x80) {
            ++i;
            continue;
        }
        std::size_t length;
        unsigned int code;
        if (b >= 0xC2 && b <= 0xDF) length = 2, code = b & 0x1F;
        else if (b >= 0xE0 && b <= 0xEF) length = 3, code = b & 0x0F;
        else if (b >= 0xF0 && b <= 0xF4) length = 4, code = b & 0x07;
        else return false;
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((byte(i + k) & 0xC0) != 0x80) return false;
            code = (code << 6) | (byte(i + k) & 0x3F);
        }
        if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10FFFF ||
            (code >= 0xD800 && code <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

std::string csvField(const std::string& value) {
    std::string cell = value;
    if (!cell.empty() && std::string("=+-@\t\r").find(cell.front()) != std::string::npos) cell.insert(0, "'");
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string csvLine(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += ',';
        line += csvField(fields[i]);
    }
    return line + "\r\n";
}

}  // namespace rotunda::domain
