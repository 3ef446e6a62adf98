// SharedRotationLookup.h — whether two users share a rotation, for the rule that
// the parties of a rotation may message each other without connecting.
#pragma once

#include "domain/Policy.h"
#include "store/Database.h"

namespace rotunda::api {

/// The one place the message rules learn about rotations (domain::mayMessage).
/// Rotations do not exist yet: this answers "no shared rotation" for every pair.
/// When the rotations table lands, answer from a repository here (student,
/// preceptor and coordinators of one rotation share it) and nothing else changes.
domain::SharedRotationLookup sharedRotationLookup(store::Database& database);

}  // namespace rotunda::api
