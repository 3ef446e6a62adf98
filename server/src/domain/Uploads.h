// Uploads.h — rules for uploaded files: what their bytes say they are, and safe names.
#pragma once

#include <string>
#include <vector>

namespace rotunda::domain {

/// How many leading bytes sniffContentType needs to decide.
constexpr std::size_t kSniffBytes = 4096;

/// The type the content shows (magic bytes), refined by the file name's extension
/// only where the bytes cannot tell (ZIP-based Office files, plain text and CSV).
/// "application/octet-stream" when the content matches nothing known (also for
/// an empty file).
std::string sniffContentType(const std::string& head, const std::string& filename);

/// True when `declared` (a Content-Type, parameters ignored) may describe content
/// sniffed as `detected`: empty and application/octet-stream declare nothing;
/// otherwise the two must be the same type.
bool declaredTypeAgrees(const std::string& declared, const std::string& detected);

/// A file name safe to store and to send back: the last path component only, no
/// control characters (NUL included), no leading dots, at most 200 bytes of
/// valid UTF-8; "document" when nothing is left.
std::string cleanFilename(const std::string& name);

}  // namespace rotunda::domain
