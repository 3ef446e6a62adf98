// SharedRotationLookup.cpp — whether two users share a rotation.
#include "api/SharedRotationLookup.h"

namespace rotunda::api {

domain::SharedRotationLookup sharedRotationLookup(store::Database& /*database*/) {
    // No rotations yet (issue 8 lands before them): nobody shares one.
    return [](const std::string& /*userA*/, const std::string& /*userB*/) { return false; };
}

}  // namespace rotunda::api
