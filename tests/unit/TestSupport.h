// TestSupport.h — shared helpers for the CppUnit suites.
#pragma once

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <string>

/// Registers a suite both in the default registry (run all) and under its own
/// name, which is what CTest passes to the runner (unit.<room>.<Suite>).
#define ROTUNDA_TEST_SUITE(Suite)                                                  \
    static CppUnit::AutoRegisterSuite<Suite> rotundaDefaultRegistration_##Suite;   \
    static CppUnit::AutoRegisterSuite<Suite> rotundaNamedRegistration_##Suite(#Suite)

namespace rotunda::test {

/// Value of an environment variable set by CTest or the test script; empty when unset.
inline std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

}  // namespace rotunda::test
