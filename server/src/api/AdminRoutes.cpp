// AdminRoutes.cpp — what Rotunda's administrators do through the API: merging accounts.
#include "api/AdminRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "store/UserMerge.h"

#include <Poco/JSON/Array.h>

namespace rotunda::api {
namespace {

Poco::JSON::Object planJson(const store::MergePlan& plan, bool merged) {
    const auto person = [](const store::User& user) {
        Poco::JSON::Object json;
        json.set("id", user.id);
        json.set("email", user.email);
        json.set("name", user.name);
        return json;
    };
    Poco::JSON::Object moves;
    for (const auto& [what, count] : plan.moves) moves.set(what, count);
    Poco::JSON::Array notes, conflicts;
    for (const auto& note : plan.notes) notes.add(note);
    for (const auto& conflict : plan.conflicts) conflicts.add(conflict);
    Poco::JSON::Object json;
    json.set("from", person(plan.from));
    json.set("into", person(plan.into));
    json.set("moves", moves);
    json.set("notes", notes);
    json.set("conflicts", conflicts);
    json.set("merged", merged);
    return json;
}

void handleMerge(http::RequestContext& context, auth::AccountService& accounts) {
    const auth::Authenticated caller = requireCaller(context, accounts);
    if (!caller.user.administrator) throw http::Problem::notFound("no resource at /api/v1/admin/users/merge");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the merge needs the two accounts");
    refuseUnknownMembers(body, {"from", "into", "dryRun"}, problem);
    const std::string from = requiredString(body, "from", problem, 64);
    const std::string into = requiredString(body, "into", problem, 64);
    bool dryRun = true;
    if (body->has("dryRun")) {
        if (!body->get("dryRun").isBoolean()) problem.withError("dryRun", "must be true or false");
        else dryRun = body->getValue<bool>("dryRun");
    }
    throwIfInvalid(problem);
    store::UserMerge merge(accounts.database());
    try {
        if (dryRun) {
            context.sendJson(200, planJson(merge.plan(from, into), false));
            return;
        }
        const store::MergePlan plan =
            merge.apply(from, into, caller.user.id, caller.user.name, context.remoteAddress(), context.requestId());
        context.sendJson(200, planJson(plan, true));
    } catch (const std::invalid_argument& e) {
        throw http::Problem::validation(e.what()).withError(std::string(e.what()).find(from) != std::string::npos ? "from" : "into",
                                                            "is not a user id");
    } catch (const store::MergeRefused& e) {
        Poco::JSON::Object answer = planJson(e.plan(), false);
        answer.set("type", "about:blank");
        answer.set("title", "Merge refused");
        answer.set("status", 409);
        answer.set("detail", "the merge has conflicts; nothing was changed");
        context.response().setContentType("application/problem+json");
        context.sendJson(409, answer);
    }
}

}  // namespace

void registerAdminRoutes(http::Router& router, auth::AccountService& accounts) {
    router.add("POST", "/api/v1/admin/users/merge",
               "Merge a duplicate account into another (administrators; dryRun defaults to true)",
               [&accounts](http::RequestContext& context) { handleMerge(context, accounts); });
}

}  // namespace rotunda::api
