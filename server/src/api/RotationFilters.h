// RotationFilters.h — the filters of GET /api/v1/rotations, read once for the
// list, the CSV export and the dashboard, with the caller's visibility.
#pragma once

#include "domain/Policy.h"
#include "http/RequestContext.h"
#include "store/RotationRepository.h"

namespace rotunda::api {

/// What `who` may read (domain::rotationScope: their own rotations as student
/// or preceptor, their organizations' as staff), without filters.
store::RotationQuery visibleRotations(const domain::Caller& who);

/// visibleRotations narrowed by the query parameters status, facilityId,
/// schoolId, studentId, windowId, preceptorId, from, to. Throws Problem 422
/// with a field error per bad parameter. The page (limit, cursor) is not read here.
store::RotationQuery rotationFilters(const http::RequestContext& context, const domain::Caller& who);

}  // namespace rotunda::api
