// Abi.h — the plugin descriptor and the ABI version of the Rotunda plugin API.
//
// A plugin is one shared library exporting one C symbol, `rotunda_plugin`, made
// with ROTUNDA_PLUGIN(...). The server reads it and refuses, with one log line,
// any library whose cookie, ABI version or build fingerprint does not match.
// Every change of this API is recorded in plugin-api/CHANGELOG.md:
// - major: anything an existing plugin could misread (a changed struct, a
//   removed or reordered virtual function); older plugins are refused;
// - minor: an addition an older plugin never sees (a virtual function appended
//   at the end of a class, a new extension point); a plugin built against a
//   newer minor than the server's is refused, an older one is accepted.
#pragma once

#include <cstdint>

/// Major ABI version: must equal the server's.
#define ROTUNDA_PLUGIN_ABI_MAJOR 1
/// Minor ABI version: must be at most the server's.
#define ROTUNDA_PLUGIN_ABI_MINOR 2
/// Fixed first field of every descriptor ("RTPL").
#define ROTUNDA_PLUGIN_COOKIE 0x5254504CU

#define ROTUNDA_PLUGIN_STRINGIFY2(x) #x
#define ROTUNDA_PLUGIN_STRINGIFY(x) ROTUNDA_PLUGIN_STRINGIFY2(x)

// C++ has no stable ABI: the plugin and the server must agree on the standard
// library and its ABI flavour, since std::string, std::function and friends
// cross the boundary. The fingerprint names exactly those.
#if defined(_LIBCPP_VERSION)
#define ROTUNDA_PLUGIN_STDLIB "libc++-abi" ROTUNDA_PLUGIN_STRINGIFY(_LIBCPP_ABI_VERSION)
#elif defined(__GLIBCXX__)
#define ROTUNDA_PLUGIN_STDLIB "libstdc++-cxx11abi" ROTUNDA_PLUGIN_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#else
#define ROTUNDA_PLUGIN_STDLIB "unknown-stdlib"
#endif
#if defined(__GXX_ABI_VERSION)
#define ROTUNDA_PLUGIN_CXXABI "itanium" ROTUNDA_PLUGIN_STRINGIFY(__GXX_ABI_VERSION)
#else
#define ROTUNDA_PLUGIN_CXXABI "unknown-cxxabi"
#endif
#if defined(__x86_64__)
#define ROTUNDA_PLUGIN_ARCH "x86_64"
#elif defined(__aarch64__)
#define ROTUNDA_PLUGIN_ARCH "aarch64"
#else
#define ROTUNDA_PLUGIN_ARCH "unknown-arch"
#endif

/// What the compiler building this translation unit would put in a descriptor.
#define ROTUNDA_PLUGIN_FINGERPRINT ROTUNDA_PLUGIN_ARCH "/" ROTUNDA_PLUGIN_STDLIB "/" ROTUNDA_PLUGIN_CXXABI

namespace rotunda::plugin {
class Registrar;
}  // namespace rotunda::plugin

extern "C" {

/// The one symbol a plugin exports, named `rotunda_plugin`. Fields are only ever
/// appended (structSize tells the server how much of it the plugin knows).
struct rotunda_plugin_descriptor {
    std::uint32_t cookie;          ///< ROTUNDA_PLUGIN_COOKIE
    std::uint16_t abiMajor;        ///< ROTUNDA_PLUGIN_ABI_MAJOR at build time
    std::uint16_t abiMinor;        ///< ROTUNDA_PLUGIN_ABI_MINOR at build time
    std::uint32_t structSize;      ///< sizeof(rotunda_plugin_descriptor) at build time
    const char* buildFingerprint;  ///< ROTUNDA_PLUGIN_FINGERPRINT at build time
    const char* id;                ///< unique, [a-z0-9-], names the plugins.<id>.* keys
    const char* version;           ///< the plugin's own version
    const char* description;       ///< one line for operators
    /// Declares configuration and adds component factories; creates nothing.
    /// May throw: the plugin is then refused with the exception's message.
    void (*registerComponents)(rotunda::plugin::Registrar& registrar);
};

}  // extern "C"

/// Defines the descriptor of a plugin, e.g.
///     ROTUNDA_PLUGIN("ldap-auth", "1.0.0", "Sign-in against LDAP", registerLdap)
/// Build the library with hidden visibility: this is the only symbol it needs to export.
#define ROTUNDA_PLUGIN(ID, VERSION, DESCRIPTION, REGISTER_FUNCTION)                          \
    extern "C" __attribute__((visibility("default")))                                      \
    const rotunda_plugin_descriptor rotunda_plugin = {                                     \
        ROTUNDA_PLUGIN_COOKIE,      ROTUNDA_PLUGIN_ABI_MAJOR, ROTUNDA_PLUGIN_ABI_MINOR,      \
        sizeof(rotunda_plugin_descriptor), ROTUNDA_PLUGIN_FINGERPRINT, ID, VERSION,        \
        DESCRIPTION,                REGISTER_FUNCTION}
