// RotationFilters.cpp — the filters of GET /api/v1/rotations and its CSV export.
#include "api/RotationFilters.h"

#include "api/Common.h"
#include "domain/Calendar.h"
#include "domain/Rotations.h"

namespace rotunda::api {

store::RotationQuery visibleRotations(const domain::Caller& who) {
    const domain::RotationScope scope = domain::rotationScope(who);
    store::RotationQuery query;
    query.viewerId = who.userId;
    query.facilityIds = scope.facilityIds;
    query.schoolIds = scope.schoolIds;
    return query;
}

store::RotationQuery rotationFilters(const http::RequestContext& context, const domain::Caller& who) {
    store::RotationQuery query = visibleRotations(who);
    http::Problem problem = http::Problem::validation("the rotations cannot be read as asked");
    query.status = context.query("status");
    if (!query.status.empty() && !domain::isRotationStatus(query.status))
        problem.withError("status", "is not a rotation status");
    query.facilityId = context.query("facilityId");
    query.schoolId = context.query("schoolId");
    query.studentId = context.query("studentId");
    query.windowId = context.query("windowId");
    query.preceptorId = context.query("preceptorId");
    for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"facilityId", &query.facilityId},
                                      {"schoolId", &query.schoolId},
                                      {"studentId", &query.studentId},
                                      {"windowId", &query.windowId},
                                      {"preceptorId", &query.preceptorId}})
        if (value->size() > 64) problem.withError(name, "is not an id");
    query.from = context.query("from");
    query.to = context.query("to");
    if (!query.from.empty() && !domain::isIsoDate(query.from)) problem.withError("from", "must be a date written YYYY-MM-DD");
    if (!query.to.empty() && !domain::isIsoDate(query.to)) problem.withError("to", "must be a date written YYYY-MM-DD");
    throwIfInvalid(problem);
    return query;
}

}  // namespace rotunda::api
