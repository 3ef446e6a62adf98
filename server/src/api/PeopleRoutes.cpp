// PeopleRoutes.cpp — an organization's members and roles, and a school's students.
#include "api/PeopleRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "domain/Csv.h"
#include "domain/Policy.h"
#include "domain/Roster.h"
#include "store/AuditRepository.h"
#include "store/OrganizationRepository.h"
#include "store/PeopleRepository.h"
#include "store/UserRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <sstream>

namespace rotunda::api {
namespace {

/// Field errors listed in one answer; the detail gives the full count.
constexpr std::size_t kMaxListedProblems = 200;

int limitParam(http::RequestContext& context, http::Problem& problem) {
    const std::string text = context.query("limit", "50");
    int limit = 0;
    if (!Poco::NumberParser::tryParse(text, limit) || limit < 1 || limit > 500)
        problem.withError("limit", "must be a whole number from 1 to 500");
    return limit;
}

/// The path's organization when the caller belongs to it. Another organization's
/// people are never shown: 404 whether it exists or not.
store::Organization requireOwnOrganization(http::RequestContext& context, store::Database& database,
                                           const domain::Caller& who) {
    const auto organization = store::OrganizationRepository(database).findById(context.param("id"));
    if (!organization || !domain::isMember(who, organization->id))
        throw http::Problem::notFound("no organization " + context.param("id") + " among yours");
    return *organization;
}

/// The path's school when the caller may see its roster: 404 for anyone who
/// may not (the roster's existence is not revealed), 403 for faculty asking to change it.
store::Organization requireRoster(http::RequestContext& context, store::Database& database,
                                  const auth::Authenticated& caller, bool write) {
    const domain::Caller who = policyCaller(database, caller);
    const auto organization = store::OrganizationRepository(database).findById(context.param("id"));
    const domain::RosterAccess access =
        organization && organization->kind == "school" ? domain::rosterAccess(who, organization->id)
                                                       : domain::RosterAccess{};
    if (!access.read) throw http::Problem::notFound("no student roster for organization " + context.param("id"));
    if (write && !access.write)
        throw http::Problem::forbidden("only the school's admins and coordinators change its roster");
    return *organization;
}

Poco::JSON::Object memberJson(const store::Member& m) {
    Poco::JSON::Object json;
    json.set("userId", m.userId);
    json.set("email", m.email);
    json.set("name", m.name);
    json.set("status", m.status);
    Poco::JSON::Array roles;
    for (const auto& r : m.roles) {
        Poco::JSON::Object role;
        role.set("role", r.role);
        role.set("source", r.source);
        role.set("since", r.createdAt);
        roles.add(role);
    }
    json.set("roles", roles);
    return json;
}

Poco::JSON::Object studentJson(const store::Student& s) {
    Poco::JSON::Object json;
    json.set("userId", s.userId);
    json.set("email", s.email);
    json.set("name", s.name);
    json.set("status", s.status);
    json.set("program", s.program);
    json.set("graduationYear", s.graduationYear == 0 ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s.graduationYear));
    json.set("addedAt", s.addedAt);
    return json;
}

std::string requireRole(http::RequestContext& context, const store::Organization& organization) {
    const std::string role = context.param("role");
    if (domain::isRoleOf(organization.kind, role)) return role;
    std::string roles;
    for (const auto& r : domain::rolesOf(organization.kind)) roles += (roles.empty() ? "" : ", ") + r;
    throw http::Problem::validation("a " + organization.kind + " has no role " + role)
        .withError("role", "must be one of " + roles);
}

class PeopleHandlers {
public:
    PeopleHandlers(auth::AccountService& accounts, auth::InvitationService& invitations)
        : accounts_(accounts), invitations_(invitations) {}

    void listMembers(http::RequestContext& context);
    void grantRole(http::RequestContext& context);
    void removeRole(http::RequestContext& context);
    void removeMember(http::RequestContext& context);
    void importStudents(http::RequestContext& context);
    void addStudent(http::RequestContext& context);
    void listStudents(http::RequestContext& context);
    void exportStudents(http::RequestContext& context);

private:
    /// Checks a plan against the school and, unless `dryRun`, writes it; answers with the report.
    void runImport(http::RequestContext& context, const auth::Authenticated& caller,
                   const store::Organization& school, const domain::RosterPlan& plan, bool dryRun, bool single);
    store::StudentFilter filterOf(http::RequestContext& context, bool paged);
    void throwIfRemovalRefused(store::RemovalOutcome outcome, const std::string& what);

    auth::AccountService& accounts_;
    auth::InvitationService& invitations_;
};

void PeopleHandlers::listMembers(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    store::Database& database = accounts_.database();
    const domain::Caller who = policyCaller(database, caller);
    const store::Organization organization = requireOwnOrganization(context, database, who);
    http::Problem problem = http::Problem::validation("the member list cannot be read as asked");
    const int limit = limitParam(context, problem);
    throwIfInvalid(problem);
    // Staff see everyone; students and preceptors see the staff, not the whole student body.
    const bool includeStudents = domain::rosterAccess(who, organization.id).read;
    const auto members =
        store::PeopleRepository(database).listMembers(organization.id, includeStudents, context.query("cursor"), limit);
    Poco::JSON::Array items;
    for (const auto& m : members) items.add(memberJson(m));
    Poco::JSON::Object body;
    body.set("items", items);
    body.set("nextCursor", static_cast<int>(members.size()) == limit ? Poco::Dynamic::Var(members.back().email)
                                                                     : Poco::Dynamic::Var());
    context.sendJson(200, body);
}

void PeopleHandlers::grantRole(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    store::Database& database = accounts_.database();
    const domain::Caller who = policyCaller(database, caller);
    const store::Organization organization = requireOwnOrganization(context, database, who);
    const std::string role = requireRole(context, organization);
    if (!domain::mayInvite(who, organization.id, role))
        throw http::Problem::forbidden(role == "admin" ? "only the organization's admins make admins"
                                                       : "only the organization's admins and coordinators change roles");
    const std::string userId = context.param("userId");
    if (store::PeopleRepository(database).rolesIn(organization.id, userId).empty())
        throw http::Problem::notFound("no member " + userId + " here; invite new people instead");
    const bool added = store::OrganizationRepository(database).addMembership({organization.id, userId, role, "manual", ""});
    if (added) {
        Poco::JSON::Object detail;
        detail.set("user", userId);
        detail.set("role", role);
        audit(database, caller, context, "membership.role_added", "organization", organization.id, detail);
    }
    // The one member, not the whole list: the roles after the change and the person.
    const auto user = store::UserRepository(database).findById(userId);
    if (!user) throw http::Problem::notFound("no member " + userId + " here");
    const store::Member member{user->id, user->email, user->name, user->status,
                               store::PeopleRepository(database).rolesIn(organization.id, userId)};
    context.sendJson(added ? 201 : 200, memberJson(member));
}

void PeopleHandlers::throwIfRemovalRefused(store::RemovalOutcome outcome, const std::string& what) {
    switch (outcome) {
        case store::RemovalOutcome::Removed: return;
        case store::RemovalOutcome::NotHeld: throw http::Problem::notFound("this member does not hold " + what);
        case store::RemovalOutcome::LastAdmin:
            throw http::Problem(409, "Last admin",
                                "this is the organization's last admin: make someone else admin first, so the "
                                "organization is never left without one");
        case store::RemovalOutcome::FromDirectory:
            throw http::Problem(409, "Granted by a directory",
                                "this role comes from a directory group; it changes when the person's group "
                                "membership changes in the directory, not by hand");
    }
}

void PeopleHandlers::removeRole(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    store::Database& database = accounts_.database();
    const domain::Caller who = policyCaller(database, caller);
    const store::Organization organization = requireOwnOrganization(context, database, who);
    const std::string role = requireRole(context, organization);
    if (!domain::mayInvite(who, organization.id, role))
        throw http::Problem::forbidden(role == "admin" ? "only the organization's admins remove admins"
                                                       : "only the organization's admins and coordinators change roles");
    const std::string userId = context.param("userId");
    throwIfRemovalRefused(store::PeopleRepository(database).removeRole(organization.id, userId, role), "the role " + role);
    Poco::JSON::Object detail;
    detail.set("user", userId);
    detail.set("role", role);
    audit(database, caller, context, "membership.role_removed", "organization", organization.id, detail);
    context.sendNoContent();
}

void PeopleHandlers::removeMember(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    store::Database& database = accounts_.database();
    const domain::Caller who = policyCaller(database, caller);
    const store::Organization organization = requireOwnOrganization(context, database, who);
    const std::string userId = context.param("userId");
    store::PeopleRepository people(database);
    std::vector<std::string> roles;
    for (const auto& m : people.rolesIn(organization.id, userId)) roles.push_back(m.role);
    if (roles.empty()) throw http::Problem::notFound("no member " + userId + " here");
    if (!domain::mayRemoveMember(who, organization.id, roles))
        throw http::Problem::forbidden("only admins remove an admin; admins and coordinators remove other members");
    throwIfRemovalRefused(people.removeMember(organization.id, userId), "any role");
    Poco::JSON::Object detail;
    detail.set("user", userId);
    Poco::JSON::Array removed;
    for (const auto& r : roles) removed.add(r);
    detail.set("roles", removed);
    audit(database, caller, context, "membership.removed", "organization", organization.id, detail);
    context.sendNoContent();
}

void PeopleHandlers::importStudents(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization school = requireRoster(context, accounts_.database(), caller, true);
    const std::string type = Poco::toLower(context.request().getContentType());
    if (type.rfind("text/csv", 0) != 0 && type.rfind("application/csv", 0) != 0)
        throw http::Problem::unsupportedMediaType(type, "text/csv");
    const std::string dryRun = context.query("dryRun", "false");
    if (dryRun != "true" && dryRun != "false")
        throw http::Problem::validation("dryRun must be true or false").withError("dryRun", "must be true or false");
    const domain::RosterPlan plan = domain::planRoster(context.readBody(), auth::normaliseEmail);
    runImport(context, caller, school, plan, dryRun == "true", false);
}

void PeopleHandlers::addStudent(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization school = requireRoster(context, accounts_.database(), caller, true);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the student cannot be added as given");
    refuseUnknownMembers(body, {"name", "email", "program", "graduationYear"}, problem);
    const std::string name = requiredString(body, "name", problem, 1000);
    const std::string email = requiredString(body, "email", problem, 1000);
    const std::string program = optionalString(body, "program", problem, "", 1000);
    std::string year;
    if (body->has("graduationYear") && !body->isNull("graduationYear")) {
        const Poco::Dynamic::Var value = body->get("graduationYear");
        if (!value.isInteger()) problem.withError("graduationYear", "must be a year such as 2027");
        else year = value.toString();
    }
    throwIfInvalid(problem);
    // One student follows exactly the rules of a roster row.
    const std::string csv = domain::csvLine({"name", "email", "program", "graduation year"}) +
                            domain::csvLine({name, email, program, year});
    runImport(context, caller, school, domain::planRoster(csv, auth::normaliseEmail), false, true);
}

void PeopleHandlers::runImport(http::RequestContext& context, const auth::Authenticated& caller,
                               const store::Organization& school, const domain::RosterPlan& plan, bool dryRun,
                               bool single) {
    http::Problem problem = http::Problem::validation(
        plan.problems.empty() ? "" : std::to_string(plan.problems.size()) + " problem(s) in the roster; nothing was imported");
    for (const auto& p : plan.problems) {
        if (problem.errors().size() >= kMaxListedProblems) break;
        if (single) problem.withError(p.field, p.message);
        else problem.withError(p.row == 0 ? "file" : "line " + std::to_string(p.row) + "." + p.field, p.message);
    }
    const bool fileProblem = !plan.problems.empty() && plan.students.empty() && plan.rows == 0;
    if (!plan.problems.empty() && (!dryRun || fileProblem)) throw problem;

    store::Database& database = accounts_.database();
    store::PeopleRepository people(database);
    const std::set<std::string> current = people.studentEmails(school.id);
    std::vector<std::string> emails;
    std::vector<store::StudentRecord> records;
    std::size_t alreadyStudents = 0;
    for (const auto& s : plan.students) {
        emails.push_back(s.email);
        records.push_back({s.name, s.email, s.program, s.graduationYear});
        if (current.count(s.email)) ++alreadyStudents;
    }
    if (single && alreadyStudents > 0)
        throw http::Problem(409, "Already a student", records.front().email + " is already a student of " + school.name)
            .withError("email", "already a student");
    Poco::JSON::Object summary;
    summary.set("rows", plan.rows);
    summary.set("valid", plan.students.size());
    summary.set("alreadyStudents", alreadyStudents);
    summary.set("withProblems", plan.rows - plan.students.size());
    Poco::JSON::Object answer;
    answer.set("dryRun", dryRun);
    if (dryRun) {
        const std::size_t existing = people.existingEmails(emails).size();
        summary.set("newAccounts", plan.students.size() - existing);
        summary.set("existingAccounts", existing);
        Poco::JSON::Array problems;
        for (const auto& p : plan.problems) {
            if (problems.size() >= kMaxListedProblems) break;
            Poco::JSON::Object item;
            item.set("line", p.row);
            item.set("field", p.field);
            item.set("message", p.message);
            problems.add(item);
        }
        for (const auto& s : plan.students) {
            if (problems.size() >= kMaxListedProblems) break;
            if (!current.count(s.email)) continue;
            Poco::JSON::Object item;
            item.set("line", s.row);
            item.set("field", "email");
            item.set("message", "already a student: the program and graduation year will be updated");
            problems.add(item);
        }
        answer.set("summary", summary);
        answer.set("problems", problems);
        return context.sendJson(200, answer);
    }

    store::Database::WriteTransaction transaction(database);
    const auto imported = people.importStudents(transaction.session(), school.id, records);
    std::vector<std::string> toInvite;
    std::size_t created = 0;
    for (std::size_t i = 0; i < imported.size(); ++i) {
        if (imported[i].created) ++created;
        if (imported[i].needsPassword && !imported[i].alreadyStudent) toInvite.push_back(records[i].email);
    }
    const std::size_t invited =
        invitations_.inviteMany(transaction.session(), caller, school, "student", toInvite);
    summary.set("newAccounts", created);
    summary.set("existingAccounts", records.size() - created);
    summary.set("invited", invited);
    store::AuditEvent event;
    event.actorId = caller.user.id;
    event.actorName = caller.user.name;
    event.action = single ? "student.added" : "students.imported";
    event.recordType = "organization";
    event.recordId = school.id;
    event.remoteAddress = context.remoteAddress();
    event.requestId = context.requestId();
    std::ostringstream detail;
    Poco::JSON::Object(summary).stringify(detail);
    event.detail = single ? "{\"user\":\"" + imported.front().userId + "\"}" : detail.str();
    store::AuditRepository(database).append(transaction.session(), event);
    transaction.commit();
    if (single) {
        store::StudentFilter filter;
        filter.text = records.front().email;
        filter.limit = 1;
        const auto found = people.listStudents(school.id, filter);
        return context.sendJson(201, studentJson(found.front()));
    }
    answer.set("summary", summary);
    answer.set("problems", Poco::JSON::Array());
    context.sendJson(200, answer);
}

store::StudentFilter PeopleHandlers::filterOf(http::RequestContext& context, bool paged) {
    http::Problem problem = http::Problem::validation("the roster cannot be filtered as asked");
    store::StudentFilter filter;
    filter.text = Poco::trim(context.query("q"));
    filter.program = Poco::trim(context.query("program"));
    if (filter.text.size() > 200) problem.withError("q", "must be at most 200 bytes");
    if (filter.program.size() > domain::kMaxStudentProgram) problem.withError("program", "must be at most 100 bytes");
    filter.graduationYear = domain::parseGraduationYear(context.query("year"));
    if (filter.graduationYear < 0) problem.withError("year", "must be a year between 1900 and 2100");
    filter.limit = paged ? limitParam(context, problem) : 0;
    filter.afterEmail = paged ? context.query("cursor") : "";
    throwIfInvalid(problem);
    return filter;
}

void PeopleHandlers::listStudents(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization school = requireRoster(context, accounts_.database(), caller, false);
    const store::StudentFilter filter = filterOf(context, true);
    const auto students = store::PeopleRepository(accounts_.database()).listStudents(school.id, filter);
    Poco::JSON::Array items;
    for (const auto& s : students) items.add(studentJson(s));
    Poco::JSON::Object body;
    body.set("items", items);
    body.set("nextCursor", static_cast<int>(students.size()) == filter.limit ? Poco::Dynamic::Var(students.back().email)
                                                                           : Poco::Dynamic::Var());
    context.sendJson(200, body);
}

void PeopleHandlers::exportStudents(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization school = requireRoster(context, accounts_.database(), caller, false);
    const auto students = store::PeopleRepository(accounts_.database()).listStudents(school.id, filterOf(context, false));
    std::string csv = domain::csvLine({"name", "email", "program", "graduation year", "status"});
    for (const auto& s : students)
        csv += domain::csvLine({s.name, s.email, s.program, s.graduationYear ? std::to_string(s.graduationYear) : "",
                                s.status});
    Poco::JSON::Object detail;
    detail.set("students", students.size());
    audit(accounts_.database(), caller, context, "students.exported", "organization", school.id, detail);
    context.response().set("Content-Disposition", "attachment; filename=\"students.csv\"");
    context.send(200, "text/csv; charset=utf-8", csv);
}

}  // namespace

void registerPeopleRoutes(http::Router& router, auth::AccountService& accounts, auth::InvitationService& invitations) {
    auto handlers = std::make_shared<PeopleHandlers>(accounts, invitations);
    const auto bind = [handlers](void (PeopleHandlers::*method)(http::RequestContext&)) {
        return [handlers, method](http::RequestContext& context) { ((*handlers).*method)(context); };
    };
    const std::string org = "/api/v1/organizations/{id}";
    router.add("GET", org + "/members", "The organization's members and their roles (members only)",
               bind(&PeopleHandlers::listMembers));
    router.add("PUT", org + "/members/{userId}/roles/{role}", "Give a member a role (admins; coordinators but admin)",
               bind(&PeopleHandlers::grantRole));
    router.add("DELETE", org + "/members/{userId}/roles/{role}", "Take a role from a member; never the last admin",
               bind(&PeopleHandlers::removeRole));
    router.add("DELETE", org + "/members/{userId}", "Remove a member's every role; never the last admin",
               bind(&PeopleHandlers::removeMember));
    router.add("POST", org + "/students/import", "Import a CSV roster of students (dryRun=true checks only)",
               bind(&PeopleHandlers::importStudents), kRosterMaxBytes);
    router.add("POST", org + "/students", "Add one student by hand", bind(&PeopleHandlers::addStudent));
    router.add("GET", org + "/students", "The school's students, filtered by q, program and year",
               bind(&PeopleHandlers::listStudents));
    router.add("GET", org + "/students.csv", "The school's students as CSV", bind(&PeopleHandlers::exportStudents));
}

}  // namespace rotunda::api
