// Json.h — parsing request bodies with errors that name the position, and writing JSON.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <optional>
#include <string>

namespace rotunda::http {

/// Where and why a text is not JSON.
struct JsonSyntaxError {
    std::size_t line;      ///< 1-based
    std::size_t column;    ///< 1-based, in bytes
    std::size_t position;  ///< 0-based byte offset
    std::string message;   ///< what was found and what was expected
};

/// Checks `text` against RFC 8259 (one value, nesting at most `maxDepth` deep,
/// strings valid UTF-8 and escapes). Returns the first error, or nothing.
std::optional<JsonSyntaxError> findJsonSyntaxError(const std::string& text,
                                                   std::size_t maxDepth = 64);

/// Parses a request body. Throws Problem 400 "malformed JSON at line L column C
/// (position P): …" for invalid text.
Poco::Dynamic::Var parseJson(const std::string& text);

/// Parses a request body that must be a JSON object; 400 otherwise.
Poco::JSON::Object::Ptr parseJsonObject(const std::string& text);

/// Compact JSON text of a value (Object, Array or scalar).
std::string toJson(const Poco::Dynamic::Var& value);

}  // namespace rotunda::http
