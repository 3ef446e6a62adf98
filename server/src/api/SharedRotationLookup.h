// SharedRotationLookup.h — whether two users share a rotation, for the rule that
// the parties of a rotation may message each other without connecting.
#pragma once

#include "domain/Policy.h"
#include "store/Database.h"

namespace rotunda::api {

/// The one place the message rules learn about rotations (domain::mayMessage):
/// two users share a rotation when both are its people (store::RotationRepository::shareRotation).
domain::SharedRotationLookup sharedRotationLookup(store::Database& database);

}  // namespace rotunda::api
