// SharedRotationLookup.cpp — whether two users share a rotation.
#include "api/SharedRotationLookup.h"

#include "store/RotationRepository.h"

namespace rotunda::api {

domain::SharedRotationLookup sharedRotationLookup(store::Database& database) {
    return [&database](const std::string& userA, const std::string& userB) {
        return store::RotationRepository(database).shareRotation(userA, userB);
    };
}

}  // namespace rotunda::api
