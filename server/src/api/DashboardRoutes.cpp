// DashboardRoutes.cpp — what needs the caller's attention, their rotations by
// status and the upcoming starts; every rotation they may read as CSV; and a
// personal iCalendar feed behind a secret, revocable URL (docs/rotations.md,
// "Dashboards, exports and calendar feeds"; docs/decisions/0021-dashboards-and-feeds.md).
#include "api/DashboardRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "api/RotationFilters.h"
#include "api/SetupCommon.h"
#include "auth/Secrets.h"
#include "domain/Calendar.h"
#include "domain/Csv.h"
#include "domain/ICalendar.h"
#include "domain/Policy.h"
#include "domain/Rotations.h"
#include "domain/StepCompletions.h"
#include "http/Json.h"
#include "store/DashboardRepository.h"
#include "store/OrganizationRepository.h"
#include "store/ReadCache.h"
#include "store/UserRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>
#include <Poco/NumberParser.h>

#include <algorithm>
#include <chrono>

namespace rotunda::api {
namespace {

constexpr int kExportPageRows = 500;   // rows read per query while the CSV streams
constexpr int kFeedMostEvents = 1000;  // events in one calendar feed
constexpr int kFeedDaysBack = 90;      // a feed shows rotations that ended up to this long ago …
constexpr int kFeedDaysAhead = 365;    // … and those starting up to this far ahead
const std::string kFeedSuffix = ".ics";

Poco::Dynamic::Var orNull(const std::string& value) {
    return value.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value);
}

Poco::JSON::Object named(const std::string& id, const std::string& name) {
    Poco::JSON::Object json;
    json.set("id", id);
    json.set("name", name);
    return json;
}

Poco::JSON::Object rowJson(const store::RotationRow& r) {
    Poco::JSON::Object json;
    json.set("id", r.id);
    json.set("status", r.status);
    json.set("startDate", r.startDate);
    json.set("endDate", r.endDate);
    Poco::JSON::Object student = named(r.studentId, r.studentName);
    student.set("email", r.studentEmail);
    json.set("student", student);
    json.set("school", named(r.schoolId, r.schoolName));
    json.set("facility", named(r.facilityId, r.facilityName));
    Poco::JSON::Object service = named(r.serviceId, r.serviceName);
    service.set("location", r.serviceLocation);
    json.set("service", service);
    json.set("preceptor", r.preceptorId.empty() ? Poco::Dynamic::Var()
                                                : Poco::Dynamic::Var(named(r.preceptorId, r.preceptorName)));
    return json;
}

Poco::JSON::Object stepJson(const store::StepToDo& s) {
    Poco::JSON::Object step;
    step.set("completionId", s.completionId);
    step.set("stepId", s.stepId);
    step.set("name", s.stepName);
    step.set("phase", s.phase);
    step.set("state", s.state);
    step.set("reason", s.reason);
    return step;
}

Poco::JSON::Array actionsOf(std::initializer_list<const char*> actions) {
    Poco::JSON::Array array;
    for (const char* a : actions) array.add(std::string(a));
    return array;
}

/// A whole number query parameter in [least, most]; `fallback` when absent.
int numberParameter(const http::RequestContext& context, const std::string& name, int least, int most, int fallback,
                    http::Problem& problem) {
    const std::string text = context.query(name);
    if (text.empty()) return fallback;
    int number = 0;
    if (!Poco::NumberParser::tryParse(text, number) || number < least || number > most) {
        problem.withError(name, "must be a whole number from " + std::to_string(least) + " to " + std::to_string(most));
        return fallback;
    }
    return number;
}

std::vector<std::string> only(const std::vector<std::string>& ids, const std::string& organizationId) {
    if (organizationId.empty()) return ids;
    std::vector<std::string> kept;
    if (std::find(ids.begin(), ids.end(), organizationId) != ids.end()) kept.push_back(organizationId);
    return kept;
}

class DashboardHandlers {
public:
    DashboardHandlers(auth::AccountService& accounts, int readCacheSeconds)
        : accounts_(accounts), dashboards_(accounts.database(), std::chrono::seconds(readCacheSeconds), 10000) {}

    void dashboard(http::RequestContext& context);
    void exportCsv(http::RequestContext& context);
    void createFeed(http::RequestContext& context);
    void revokeFeed(http::RequestContext& context);
    void feed(http::RequestContext& context);

private:
    store::Database& database() { return accounts_.database(); }
    /// Adds one kind of attention item: up to `room` rows of `query`, and its total.
    void attend(Poco::JSON::Array& items, Poco::JSON::Object& totals, int& room, const std::string& kind,
                const Poco::JSON::Array& actions, store::RotationQuery query);

    auth::AccountService& accounts_;
    store::ReadCache<std::string> dashboards_;  ///< answers by caller and what was asked
};

void DashboardHandlers::attend(Poco::JSON::Array& items, Poco::JSON::Object& totals, int& room,
                               const std::string& kind, const Poco::JSON::Array& actions, store::RotationQuery query) {
    store::DashboardRepository repository(database());
    const int total = repository.count(query);
    totals.set(kind, total);
    if (total == 0 || room <= 0) return;
    query.limit = room;
    for (const auto& r : repository.rows(query)) {
        Poco::JSON::Object item;
        item.set("kind", kind);
        item.set("actions", actions);
        item.set("rotation", rowJson(r));
        items.add(item);
        --room;
    }
}

// Counts by status, upcoming starts and what the caller, as each of their
// parties, has to act on. Everything is counted in SQL; only pages are read.
void DashboardHandlers::dashboard(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    http::Problem problem = http::Problem::validation("the dashboard cannot be read as asked");
    const std::string organizationId = context.query("organizationId");
    if (organizationId.size() > 64) problem.withError("organizationId", "is not an id");
    const int days = numberParameter(context, "days", 1, 366, 14, problem);
    const int soonDays = numberParameter(context, "soonDays", 0, 90, 7, problem);
    const int attentionLimit = numberParameter(context, "attentionLimit", 1, 100, 20, problem);
    throwIfInvalid(problem);
    const Page page = pageOf(context);
    const std::string today = domain::todayUtc();
    // Kept per caller and question; their memberships change only by writes,
    // which drop every kept answer.
    std::string key = caller.user.id + '\x1f' + today + '\x1f' + organizationId + '\x1f' + page.cursor;
    for (const int number : {days, soonDays, attentionLimit, page.limit}) key += '\x1f' + std::to_string(number);
    const std::string body = dashboards_.get(key, [&] {
        const domain::Caller who = policyCaller(database(), caller);
        if (!domain::mayReadDashboard(who, organizationId)) throw http::Problem::notFound("no organization " + organizationId);

        store::RotationQuery visible = visibleRotations(who);
        visible.organizationId = organizationId;
        store::DashboardRepository repository(database());

        Poco::JSON::Object byStatus;
        for (const auto& status : domain::rotationStatuses()) byStatus.set(status, 0);
        int total = 0;
        for (const auto& [status, count] : repository.countByStatus(visible)) {
            byStatus.set(status, count);
            total += count;
        }
        Poco::JSON::Object counts;
        counts.set("total", total);
        counts.set("byStatus", byStatus);

        // Upcoming: rotations holding a place that start within `days`.
        store::RotationQuery upcomingQuery = visible;
        upcomingQuery.statuses = {"onboarding", "ready"};
        upcomingQuery.startFrom = today;
        upcomingQuery.startTo = domain::addDays(today, days);
        upcomingQuery.after = page.cursor;
        upcomingQuery.limit = page.limit + 1;
        auto upcomingRows = repository.rows(upcomingQuery);
        const bool more = static_cast<int>(upcomingRows.size()) > page.limit;
        if (more) upcomingRows.pop_back();
        Poco::JSON::Array upcomingItems;
        for (const auto& r : upcomingRows) upcomingItems.add(rowJson(r));
        Poco::JSON::Object upcoming;
        upcoming.set("from", upcomingQuery.startFrom);
        upcoming.set("to", upcomingQuery.startTo);
        upcoming.set("items", upcomingItems);
        upcoming.set("nextCursor", more ? Poco::Dynamic::Var(upcomingRows.back().id) : Poco::Dynamic::Var());

        // Needs my attention, party by party. A query with no viewer and no
        // organizations matches nothing, so each kind names its organizations.
        const domain::RotationScope scope = domain::rotationScope(who);
        Poco::JSON::Array items;
        Poco::JSON::Object totals;
        int room = attentionLimit;
        const auto forParty = [&](const std::vector<std::string>& facilities, const std::vector<std::string>& schools) {
            store::RotationQuery q;
            q.viewerId = "";
            q.facilityIds = facilities;
            q.schoolIds = schools;
            q.organizationId = organizationId;
            return q;
        };
        const std::vector<std::string> facilities = only(scope.actingFacilityIds, organizationId);
        const std::vector<std::string> schools = only(scope.actingSchoolIds, organizationId);
        if (!facilities.empty()) {
            store::RotationQuery decide = forParty(facilities, {});
            decide.status = "pending_site";
            attend(items, totals, room, "application_to_decide", actionsOf({"accept", "waitlist", "decline"}), decide);
            store::RotationQuery starting = forParty(facilities, {});
            starting.status = "onboarding";
            starting.startTo = domain::addDays(today, soonDays);
            attend(items, totals, room, "onboarding_starting_soon", actionsOf({"verify_steps"}), starting);
        }
        if (!schools.empty()) {
            store::RotationQuery review = forParty({}, schools);
            review.status = "pending_review";
            attend(items, totals, room, "application_to_review", actionsOf({"endorse", "decline"}), review);
        }
        {
            store::RotationQuery drafts = forParty({}, {});
            drafts.viewerId = caller.user.id;
            drafts.studentId = caller.user.id;
            drafts.status = "draft";
            attend(items, totals, room, "application_to_submit", actionsOf({"submit"}), drafts);
        }
        store::StepCompleter completer;
        completer.userId = caller.user.id;
        completer.coordinatorSchoolIds = schools;
        completer.facilityIds = facilities;
        for (const auto& role : who.roles)
            if (role.role == "faculty" && (organizationId.empty() || role.organizationId == organizationId))
                completer.facultySchoolIds.push_back(role.organizationId);
        const int stepsTotal = repository.countStepsToDo(completer, organizationId);
        totals.set("step_to_complete", stepsTotal);
        if (stepsTotal > 0 && room > 0) {
            for (const auto& s : repository.stepsToDo(completer, organizationId, room)) {
                Poco::JSON::Object item;
                item.set("kind", "step_to_complete");
                item.set("actions", actionsOf({s.state == "todo" ? "complete_step" : "resubmit_step"}));
                item.set("rotation", rowJson(s.rotation));
                item.set("step", stepJson(s));
                items.add(item);
                --room;
            }
        }
        // Submitted steps the caller's organizations own (the facility's or the school's own steps).
        std::vector<std::string> owners = facilities;
        owners.insert(owners.end(), schools.begin(), schools.end());
        std::sort(owners.begin(), owners.end());
        owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
        const int verifyTotal = repository.countStepsToVerify(owners, organizationId);
        totals.set("step_to_verify", verifyTotal);
        if (verifyTotal > 0 && room > 0) {
            for (const auto& s : repository.stepsToVerify(owners, organizationId, room)) {
                Poco::JSON::Object item;
                item.set("kind", "step_to_verify");
                item.set("actions", actionsOf({"verify_step", "reject_step", "waive_step"}));
                item.set("rotation", rowJson(s.rotation));
                Poco::JSON::Object step = stepJson(s);
                Poco::JSON::Array reasons;  // why a plugin left it for review (decision 0023)
                for (const auto& line : domain::reviewReasonLines(s.reviewReasons)) reasons.add(line);
                step.set("reviewReasons", reasons);
                item.set("step", step);
                items.add(item);
                --room;
            }
        }
        int attentionTotal = 0;
        for (const auto& [kind, value] : totals) attentionTotal += value.convert<int>();
        Poco::JSON::Object attention;
        attention.set("total", attentionTotal);
        attention.set("byKind", totals);
        attention.set("items", items);

        Poco::JSON::Object answer;
        answer.set("organizationId", orNull(organizationId));
        answer.set("today", today);
        answer.set("counts", counts);
        answer.set("upcoming", upcoming);
        answer.set("attention", attention);
        return http::toJson(answer);
    });
    context.send(200, "application/json", body);
}

// Every rotation the caller may read, filtered as GET /api/v1/rotations, as
// CSV. Rows are read a page at a time and written as they come (chunked), so a
// facility's 200,000 rotations never sit in memory at once.
void DashboardHandlers::exportCsv(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    store::RotationQuery query = rotationFilters(context, who);
    query.limit = kExportPageRows;
    store::DashboardRepository repository(database());
    auto rows = repository.rows(query);  // the first page before the headers: a failure is still a problem

    Poco::Net::HTTPServerResponse& response = context.response();
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType("text/csv; charset=utf-8");
    response.set("Content-Disposition", "attachment; filename=\"rotations-" + domain::todayUtc() + ".csv\"");
    response.set("Cache-Control", "no-store");
    response.setChunkedTransferEncoding(true);
    std::ostream& out = response.send();
    if (context.request().getMethod() == "HEAD") return;
    out << domain::csvLine({"rotation id", "student name", "student email", "school", "facility", "service",
                            "location", "start date", "end date", "status", "preceptor"});
    std::size_t written = 0;
    try {
        while (!rows.empty()) {
            for (const auto& r : rows)
                out << domain::csvLine({r.id, r.studentName, r.studentEmail, r.schoolName, r.facilityName,
                                        r.serviceName, r.serviceLocation, r.startDate, r.endDate, r.status,
                                        r.preceptorName});
            written += rows.size();
            if (static_cast<int>(rows.size()) < kExportPageRows || !out) break;
            query.after = rows.back().id;
            rows = repository.rows(query);
        }
        out.flush();
    } catch (const Poco::Exception& e) {
        // The status line is gone: the client sees a cut response (no last chunk).
        Poco::Logger::get("rotunda.http").error("DSH0001 the rotations export stopped after %z rows: %s", written,
                                                e.displayText());
        throw;
    }
    Poco::JSON::Object detail;
    detail.set("rows", written);
    for (const char* name : {"status", "facilityId", "schoolId", "studentId", "windowId", "preceptorId", "from", "to"})
        if (!context.query(name).empty()) detail.set(name, context.query(name));
    audit(database(), caller, context, "rotations.exported", "user", caller.user.id, detail);
}

void DashboardHandlers::createFeed(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    if (!domain::mayKeepCalendarFeed(policyCaller(database(), caller)))
        throw http::Problem::forbidden("a calendar feed belongs to a signed-in user");
    const std::string token = auth::randomToken(32);
    store::DashboardRepository(database()).putCalendarFeed(caller.user.id, auth::sha256Hex(token));
    audit(database(), caller, context, "calendar_feed.created", "user", caller.user.id);  // never the token
    const std::string path = "/api/v1/calendar/" + token + kFeedSuffix;
    Poco::JSON::Object answer;
    answer.set("path", path);
    answer.set("url", accounts_.settings().publicUrl + path);
    context.response().set("Cache-Control", "no-store");
    context.sendJson(201, answer);
}

void DashboardHandlers::revokeFeed(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    if (!domain::mayKeepCalendarFeed(policyCaller(database(), caller)))
        throw http::Problem::forbidden("a calendar feed belongs to a signed-in user");
    if (!store::DashboardRepository(database()).removeCalendarFeed(caller.user.id))
        throw http::Problem::notFound("no calendar feed");
    audit(database(), caller, context, "calendar_feed.revoked", "user", caller.user.id);
    context.sendNoContent();
}

// No session: the token is the credential. It is looked up by its SHA-256, so
// the comparison is the database's equality of two hashes, which tells a
// timing observer nothing about the token; anything unknown or revoked is 404.
void DashboardHandlers::feed(http::RequestContext& context) {
    const std::string file = context.param("token");
    const auto notFound = [] { return http::Problem::notFound("no calendar feed here"); };
    if (file.size() <= kFeedSuffix.size() || file.size() > 128 ||
        file.compare(file.size() - kFeedSuffix.size(), kFeedSuffix.size(), kFeedSuffix) != 0)
        throw notFound();
    const std::string token = file.substr(0, file.size() - kFeedSuffix.size());
    if (token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
        std::string::npos)
        throw notFound();
    store::DashboardRepository repository(database());
    const auto userId = repository.calendarFeedUser(auth::sha256Hex(token));
    if (!userId) throw notFound();
    domain::Caller who{*userId, false, {}};
    for (const auto& m : store::OrganizationRepository(database()).membershipsOf(*userId))
        who.roles.push_back({m.organizationId, m.role});
    if (!domain::mayKeepCalendarFeed(who)) throw notFound();

    // The rotations the user is a person of that take place: their own (student,
    // preceptor) and, for staff, their organizations' — holding a place, from
    // kFeedDaysBack ago to kFeedDaysAhead ahead, at most kFeedMostEvents.
    const std::string today = domain::todayUtc();
    store::RotationQuery query = visibleRotations(who);
    query.statuses = {"onboarding", "ready", "active", "offboarding", "paused", "completed"};
    query.from = domain::addDays(today, -kFeedDaysBack);
    query.to = domain::addDays(today, kFeedDaysAhead);
    query.limit = kFeedMostEvents;
    std::vector<domain::CalendarEvent> events;
    for (const auto& r : repository.rows(query)) {
        domain::CalendarEvent e;
        e.uid = "rotation-" + r.id + "@rotunda";
        e.startDate = r.startDate;
        e.endDate = r.endDate;
        e.stamp = r.updatedAt;
        const std::string where = r.serviceName + " at " + r.facilityName;
        e.summary = r.studentId == *userId ? "Rotation: " + where : r.studentName + ": " + where;
        e.location = r.serviceLocation.empty() ? r.facilityName : r.serviceLocation;
        e.description = "Status: " + r.status + "\nStudent: " + r.studentName + " (" + r.schoolName + ")" +
                        "\nService: " + where +
                        (r.preceptorName.empty() ? std::string() : "\nPreceptor: " + r.preceptorName);
        events.push_back(std::move(e));
    }
    context.response().set("Cache-Control", "private, no-store");
    context.response().set("Content-Disposition", "inline; filename=\"rotations.ics\"");
    context.send(200, "text/calendar; charset=utf-8", domain::icalCalendar("Rotunda rotations", events));
}

}  // namespace

void registerDashboardRoutes(http::Router& router, auth::AccountService& accounts, int readCacheSeconds) {
    auto h = std::make_shared<DashboardHandlers>(accounts, readCacheSeconds);
    router.add("GET", "/api/v1/dashboard",
               "The caller's dashboard: rotations by status, upcoming starts, what needs their attention "
               "(?organizationId=&days=&soonDays=&attentionLimit=&limit=&cursor=)",
               [h](http::RequestContext& c) { h->dashboard(c); });
    router.add("GET", "/api/v1/rotations.csv",
               "The rotations the caller may see as CSV (the filters of GET /api/v1/rotations)",
               [h](http::RequestContext& c) { h->exportCsv(c); });
    router.add("POST", "/api/v1/me/calendar", "Create or replace the caller's secret calendar feed URL",
               [h](http::RequestContext& c) { h->createFeed(c); });
    router.add("DELETE", "/api/v1/me/calendar", "Revoke the caller's calendar feed",
               [h](http::RequestContext& c) { h->revokeFeed(c); });
    router.add("GET", "/api/v1/calendar/{token}",
               "A user's rotations as iCalendar (the path ends in .ics; no session: the token is the credential)",
               [h](http::RequestContext& c) { h->feed(c); });
}

}  // namespace rotunda::api
