// SearchText.h — the folded form of names and skills that the store keeps beside
// them and the directory searches in.
#pragma once

#include <Poco/String.h>
#include <Poco/UTF8String.h>

#include <string>

namespace rotunda::store {

/// `text` trimmed and lower-cased (Unicode, Poco::UTF8::toLower). Queries are
/// folded the same way, so that a search compares like with like.
inline std::string searchFold(const std::string& text) { return Poco::UTF8::toLower(Poco::trim(text)); }

}  // namespace rotunda::store
