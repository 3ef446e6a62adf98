// EnvironmentConfiguration.cpp — ROTUNDA_* environment variables as a configuration layer.
#include "app/EnvironmentConfiguration.h"

#include <Poco/Exception.h>

#include <cctype>
#include <cstdlib>

namespace rotunda::app {

std::string EnvironmentConfiguration::variableFor(const std::string& key) {
    std::string name = "ROTUNDA_";
    char previous = '_';
    for (char c : key) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (c == '.' || c == '-') {
            name += '_';
        } else if (std::isupper(u) && std::islower(static_cast<unsigned char>(previous))) {
            name += '_';
            name += c;
        } else {
            name += static_cast<char>(std::toupper(u));
        }
        previous = c;
    }
    return name;
}

bool EnvironmentConfiguration::getRaw(const std::string& key, std::string& value) const {
    const char* found = std::getenv(variableFor(key).c_str());
    if (found == nullptr) return false;
    value = found;
    return true;
}

void EnvironmentConfiguration::setRaw(const std::string& key, const std::string&) {
    throw Poco::InvalidAccessException("environment configuration is read-only", key);
}

void EnvironmentConfiguration::enumerate(const std::string&, Keys&) const {}

}  // namespace rotunda::app
