// Json.cpp — JSON request bodies with positioned errors, and JSON text.
//
// Poco's parser reports what went wrong but not where; clients sending a large
// body deserve the line and column. A strict recursive scanner finds the first
// error with its position, and Poco builds the value once the text is known good.
#include "http/Json.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "http/Problem.h"

namespace rotunda::http {
namespace {

class JsonScanner {
public:
    JsonScanner(const std::string& text, std::size_t maxDepth) : text_(text), maxDepth_(maxDepth) {}

    std::optional<JsonSyntaxError> scan() {
        skipSpace();
        if (!value(0)) return error_;
        skipSpace();
        if (pos_ != text_.size()) fail("unexpected " + describe() + " after the JSON value");
        return error_;
    }

private:
    bool value(std::size_t depth) {
        if (pos_ >= text_.size()) return fail("unexpected end of input; expected a value");
        switch (text_[pos_]) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                if (text_[pos_] == '-' || isDigit(text_[pos_])) return number();
                return fail("unexpected " + describe() + "; expected a value");
        }
    }

    bool object(std::size_t depth) {
        if (depth > maxDepth_) return fail("nesting deeper than " + std::to_string(maxDepth_));
        ++pos_;
        skipSpace();
        if (peek() == '}') return ++pos_, true;
        for (;;) {
            skipSpace();
            if (peek() != '"')
                return fail("unexpected " + describe() + "; expected a member name in quotes");
            if (!string()) return false;
            skipSpace();
            if (peek() != ':') return fail("unexpected " + describe() + "; expected ':'");
            ++pos_;
            skipSpace();
            if (!value(depth)) return false;
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == '}') return ++pos_, true;
            return fail("unexpected " + describe() + "; expected ',' or '}'");
        }
    }

    bool array(std::size_t depth) {
        if (depth > maxDepth_) return fail("nesting deeper than " + std::to_string(maxDepth_));
        ++pos_;
        skipSpace();
        if (peek() == ']') return ++pos_, true;
        for (;;) {
            skipSpace();
            if (!value(depth)) return false;
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == ']') return ++pos_, true;
            return fail("unexpected " + describe() + "; expected ',' or ']'");
        }
    }

    bool string() {
        ++pos_;  // opening quote
        while (pos_ < text_.size()) {
            const unsigned char c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') return ++pos_, true;
            if (c < 0x20) return fail("control character in a string; escape it");
            if (c == '\\') {
                if (!escape()) return false;
                continue;
            }
            if (c >= 0x80) {
                if (!utf8()) return false;
                continue;
            }
            ++pos_;
        }
        return fail("unexpected end of input inside a string");
    }

    bool escape() {
        ++pos_;
        if (pos_ >= text_.size()) return fail("unexpected end of input in an escape");
        const char c = text_[pos_];
        if (c == 'u') {
            for (int i = 1; i <= 4; ++i)
                if (pos_ + i >= text_.size() ||
                    !std::isxdigit(static_cast<unsigned char>(text_[pos_ + i]))) {
                    pos_ += i;
                    return fail("\\u must be followed by four hexadecimal digits");
                }
            pos_ += 5;
            return true;
        }
        if (std::string("\"\\/bfnrt").find(c) == std::string::npos)
            return fail("invalid escape '\\" + std::string(1, c) + "'");
        ++pos_;
        return true;
    }

    bool utf8() {
        const unsigned char c = static_cast<unsigned char>(text_[pos_]);
        std::size_t length = c >= 0xF0 && c <= 0xF4  ? 4
                             : c >= 0xE0             ? 3
                             : c >= 0xC2 && c < 0xE0 ? 2
                                                     : 0;
        if (length == 0) return fail("invalid UTF-8 byte");
        for (std::size_t i = 1; i < length; ++i) {
            if (pos_ + i >= text_.size() ||
                (static_cast<unsigned char>(text_[pos_ + i]) & 0xC0) != 0x80) {
                pos_ += i;
                return fail("invalid UTF-8 sequence");
            }
        }
        pos_ += length;
        return true;
    }

    bool number() {
        if (peek() == '-') ++pos_;
        if (peek() == '0') {
            ++pos_;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) ++pos_;
        } else {
            return fail("unexpected " + describe() + "; expected a digit");
        }
        if (peek() == '.') {
            ++pos_;
            if (!isDigit(peek()))
                return fail("unexpected " + describe() + "; expected a digit after '.'");
            while (isDigit(peek())) ++pos_;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            if (peek() == '+' || peek() == '-') ++pos_;
            if (!isDigit(peek()))
                return fail("unexpected " + describe() + "; expected an exponent");
            while (isDigit(peek())) ++pos_;
        }
        return true;
    }

    bool literal(const char* word) {
        const std::string expected(word);
        for (std::size_t i = 0; i < expected.size(); ++i, ++pos_)
            if (pos_ >= text_.size() || text_[pos_] != expected[i])
                return fail("unexpected " + describe() + "; expected '" + expected + "'");
        return true;
    }

    void skipSpace() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }

    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    std::string describe() const {
        if (pos_ >= text_.size()) return "end of input";
        const unsigned char c = static_cast<unsigned char>(text_[pos_]);
        if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
        static const char* hex = "0123456789abcdef";
        return std::string("byte 0x") + hex[c >> 4] + hex[c & 0xF];
    }

    bool fail(const std::string& message) {
        std::size_t line = 1;
        std::size_t lineStart = 0;
        const std::size_t at = std::min(pos_, text_.size());
        for (std::size_t i = 0; i < at; ++i)
            if (text_[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        error_ = JsonSyntaxError{line, at - lineStart + 1, at, message};
        return false;
    }

    const std::string& text_;
    std::size_t maxDepth_;
    std::size_t pos_ = 0;
    std::optional<JsonSyntaxError> error_;
};

}  // namespace

std::optional<JsonSyntaxError> findJsonSyntaxError(const std::string& text, std::size_t maxDepth) {
    return JsonScanner(text, maxDepth).scan();
}

Poco::Dynamic::Var parseJson(const std::string& text) {
    if (const auto error = findJsonSyntaxError(text))
        throw Problem::badRequest("malformed JSON at line " + std::to_string(error->line) +
                                  " column " + std::to_string(error->column) + " (position " +
                                  std::to_string(error->position) + "): " + error->message);
    Poco::JSON::Parser parser;
    return parser.parse(text);
}

Poco::JSON::Object::Ptr parseJsonObject(const std::string& text) {
    const Poco::Dynamic::Var value = parseJson(text);
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
        throw Problem::badRequest("the request body must be a JSON object");
    return value.extract<Poco::JSON::Object::Ptr>();
}

std::string toJson(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

}  // namespace rotunda::http
