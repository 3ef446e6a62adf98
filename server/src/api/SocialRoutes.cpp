// SocialRoutes.cpp — the staff directory, people's cards, connections, blocks,
// endorsements, skill lists and notification settings.
#include "api/SocialRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "api/SharedRotationLookup.h"
#include "domain/Social.h"
#include "mail/Letter.h"
#include "store/EndorsementRepository.h"
#include "store/NotificationSettingsRepository.h"
#include "store/Clock.h"
#include "store/OrganizationRepository.h"
#include "store/SearchText.h"
#include "store/UserRepository.h"

#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>

#include <algorithm>

namespace rotunda::api {
namespace {

Poco::Logger& log() { return Poco::Logger::get("rotunda.social"); }

std::string optionalBoolProblem(const Poco::JSON::Object::Ptr& body, const std::string& name, bool& target) {
    if (!body->has(name)) return "";
    const Poco::Dynamic::Var value = body->get(name);
    if (!value.isBoolean()) return "must be true or false";
    target = value.extract<bool>();
    return "";
}

Poco::JSON::Object connectionJson(const store::Connection& c, const std::string& viewerId) {
    Poco::JSON::Object json;
    json.set("id", c.id);
    json.set("requesterId", c.requesterId);
    json.set("addresseeId", c.addresseeId);
    json.set("direction", c.requesterId == viewerId ? "outgoing" : "incoming");
    json.set("otherId", c.requesterId == viewerId ? c.addresseeId : c.requesterId);
    if (!c.otherName.empty()) json.set("otherName", c.otherName);
    json.set("state", c.state);
    json.set("note", c.note);
    json.set("createdAt", c.createdAt);
    json.set("updatedAt", c.updatedAt);
    return json;
}

Poco::JSON::Object endorsementJson(const store::Endorsement& e) {
    Poco::JSON::Object json;
    json.set("id", e.id);
    json.set("endorserId", e.endorserId);
    json.set("endorserName", e.endorserName);
    json.set("endorsedId", e.endorsedId);
    json.set("skill", e.skill);
    json.set("skillId", e.skillId.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(e.skillId));
    json.set("hidden", e.hidden);
    json.set("createdAt", e.createdAt);
    return json;
}

Poco::JSON::Object skillJson(const store::Skill& s) {
    Poco::JSON::Object json;
    json.set("id", s.id);
    json.set("organizationId", s.organizationId);
    json.set("name", s.name);
    json.set("createdAt", s.createdAt);
    return json;
}

std::string describeContactRefusal(domain::ContactRefusal refusal) {
    switch (refusal) {
        case domain::ContactRefusal::None: return "";
        case domain::ContactRefusal::Self: return "that is you";
        case domain::ContactRefusal::Blocked: return "you cannot send requests or messages to this person";
        case domain::ContactRefusal::NotConnected: return "connect with this person first";
    }
    return "";
}

void throwIfRefused(domain::ContactRefusal refusal, const std::string& field) {
    switch (refusal) {
        case domain::ContactRefusal::None: return;
        case domain::ContactRefusal::Self:
            throw http::Problem::validation("you cannot do this with yourself").withError(field, "must be someone else");
        case domain::ContactRefusal::Blocked:
        case domain::ContactRefusal::NotConnected: throw http::Problem::forbidden(describeContactRefusal(refusal));
    }
}

class SocialHandlers {
public:
    SocialHandlers(auth::AccountService& accounts, const SocialSettings& settings)
        : accounts_(accounts), settings_(settings) {}

    void search(http::RequestContext& context);
    void person(http::RequestContext& context);
    void requestConnection(http::RequestContext& context);
    void listConnections(http::RequestContext& context);
    void getConnection(http::RequestContext& context);
    void moveConnection(http::RequestContext& context, const std::string& action);
    void block(http::RequestContext& context);
    void unblock(http::RequestContext& context);
    void listBlocks(http::RequestContext& context);
    void endorse(http::RequestContext& context);
    void listEndorsements(http::RequestContext& context);
    void hideEndorsement(http::RequestContext& context);
    void withdrawEndorsement(http::RequestContext& context);
    void listSkills(http::RequestContext& context);
    void addSkill(http::RequestContext& context);
    void removeSkill(http::RequestContext& context);
    void notificationSettings(http::RequestContext& context);
    void changeNotificationSettings(http::RequestContext& context);

private:
    store::Database& database() { return accounts_.database(); }
    /// The connection of the path's id if the caller is one of its two people; 404 otherwise.
    store::Connection requireOwnConnection(http::RequestContext& context, const auth::Authenticated& caller);
    store::Organization requireOrganization(http::RequestContext& context);
    /// Mails `to` about a connection when they want connection mail.
    void mailAboutConnection(const std::string& toUserId, const std::string& subject, const std::string& paragraph);

    auth::AccountService& accounts_;
    SocialSettings settings_;
};

void SocialHandlers::search(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    http::Problem problem = http::Problem::validation("the directory cannot be searched as asked");
    store::DirectoryQuery query;
    query.viewerId = caller.user.id;
    const std::vector<std::pair<std::string, std::string*>> texts = {
        {"q", &query.text}, {"specialty", &query.specialty}, {"location", &query.location}};
    for (const auto& [name, target] : texts) {
        *target = store::searchFold(context.query(name));
        if (target->size() > domain::kMaxDirectoryText)
            problem.withError(name, "must be at most " + std::to_string(domain::kMaxDirectoryText) + " bytes");
    }
    query.organizationId = context.query("organizationId");
    query.role = context.query("role");
    if (query.organizationId.size() > 64) problem.withError("organizationId", "is not an organization id");
    if (!query.role.empty() && !domain::isRoleOf("facility", query.role) && !domain::isRoleOf("school", query.role))
        problem.withError("role", "must be a role: admin, coordinator, preceptor, faculty or student");
    query.limit = pageLimit(context, problem);
    for (const std::string kind : {"facility", "school"})
        for (const auto& role : domain::rolesOf(kind))
            if (!query.text.empty() && role.find(query.text) != std::string::npos &&
                std::find(query.matchingRoles.begin(), query.matchingRoles.end(), role) == query.matchingRoles.end())
                query.matchingRoles.push_back(role);
    const std::string cursorText = context.query("cursor");
    if (!cursorText.empty()) {
        const auto cursor = domain::parseDirectoryCursor(cursorText);
        if (!cursor) problem.withError("cursor", "is not a cursor this search gave");
        else {
            query.afterTier = static_cast<int>(cursor->tier);
            query.afterName = cursor->name;
            query.afterId = cursor->userId;
        }
    }
    throwIfInvalid(problem);
    const domain::Caller who = policyCaller(database(), caller);
    // One more than asked, so that the last page says it is the last.
    const int limit = query.limit;
    query.limit = limit + 1;
    auto entries = store::DirectoryRepository(database()).search(query);
    const bool more = static_cast<int>(entries.size()) > limit;
    if (more) entries.resize(limit);
    Poco::JSON::Array items;
    for (const auto& entry : entries) {
        // The store filters; the policy has the last word on what each card shows.
        const domain::DirectoryPerson person = directoryPerson(entry);
        if (!domain::isFoundInDirectory(who, person, {})) continue;
        Poco::JSON::Object item = personJson(entry, domain::personVisibility(who, person, {}));
        item.set("match", entry.tier == 0 ? "exact" : entry.tier == 1 ? "prefix" : "substring");
        items.add(item);
    }
    Poco::JSON::Object body;
    body.set("items", items);
    if (more) {
        const auto& last = entries.back();
        body.set("nextCursor", domain::formatDirectoryCursor(
                                   {static_cast<domain::SearchTier>(last.tier), last.nameFolded, last.userId}));
    } else {
        body.set("nextCursor", Poco::Dynamic::Var());
    }
    context.sendJson(200, body);
}

void SocialHandlers::person(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    domain::PersonVisibility visibility;
    const std::string userId = context.param("userId");
    const store::DirectoryEntry entry = requireVisiblePerson(database(), who, userId, visibility);
    std::optional<store::Connection> live;
    const domain::Relation relation = relationOf(database(), caller.user.id, userId, &live);
    Poco::JSON::Object json = personJson(entry, visibility);
    json.set("connection", live ? Poco::Dynamic::Var(connectionJson(*live, caller.user.id)) : Poco::Dynamic::Var());
    json.set("blockedByYou", relation.blockedByCaller);
    json.set("mayMessage", caller.user.id != userId &&
                               domain::mayMessage(who, userId, relation, sharedRotationLookup(database())) ==
                                   domain::ContactRefusal::None);
    context.sendJson(200, json);
}

void SocialHandlers::mailAboutConnection(const std::string& toUserId, const std::string& subject,
                                         const std::string& paragraph) {
    if (accounts_.outbox() == nullptr) return;
    const auto kind = domain::notificationKind("connections");
    if (!store::NotificationSettingsRepository(database()).emailEnabled(toUserId, kind->name, kind->emailByDefault))
        return;
    const auto user = store::UserRepository(database()).findById(toUserId);
    if (!user || user->status != "active") return;
    mail::Letter letter;
    letter.to = user->email;
    letter.subject = subject;
    letter.greeting = "Hello " + user->name + ",";
    letter.paragraphs = {paragraph};
    letter.actionLabel = "Open your connections";
    letter.actionUrl = accounts_.settings().publicUrl + "/connections.html";
    letter.after = {"You can turn these emails off in your notification settings."};
    try {
        accounts_.outbox()->enqueue(letter.compose());
    } catch (const std::exception& e) {
        log().warning(std::string("RTN0002 a connection mail could not be queued: ") + e.what());
    }
}

void SocialHandlers::requestConnection(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the request cannot be sent as given");
    refuseUnknownMembers(body, {"userId", "note"}, problem);
    const std::string userId = requiredString(body, "userId", problem, 64);
    const std::string note = optionalString(body, "note", problem, "", domain::kMaxConnectionNote);
    throwIfInvalid(problem);
    const domain::Caller who = policyCaller(database(), caller);
    if (userId == caller.user.id) throwIfRefused(domain::ContactRefusal::Self, "userId");
    domain::PersonVisibility visibility;
    requireVisiblePerson(database(), who, userId, visibility);
    throwIfRefused(domain::mayRequestConnection(who, userId, relationOf(database(), caller.user.id, userId)), "userId");

    store::ConnectionRepository connections(database());
    const Poco::Timestamp now;
    std::string oldest;
    const int recent = connections.requestsSince(caller.user.id, store::utcText(now - Poco::Timespan(3600, 0)), oldest);
    if (recent >= settings_.connectionRequestsPerHour) {
        int retryAfter = 60;
        int zone = 0;
        Poco::DateTime first;
        if (Poco::DateTimeParser::tryParse(oldest, first, zone))
            retryAfter = std::max(1, static_cast<int>((first.timestamp() + Poco::Timespan(3600, 0) - now) / 1000000));
        throw http::Problem(429, "Too Many Requests",
                            "you sent " + std::to_string(recent) + " connection requests in the last hour (at most " +
                                std::to_string(settings_.connectionRequestsPerHour) + "); try again later")
            .withHeader("Retry-After", std::to_string(retryAfter));
    }
    store::Connection connection;
    switch (connections.request(caller.user.id, userId, note, connection)) {
        case store::RequestOutcome::Created: break;
        case store::RequestOutcome::AlreadyPending:
            throw http::Problem(409, "Already requested", "your request to this person is still pending");
        case store::RequestOutcome::TheyAsked:
            throw http::Problem(409, "They asked you",
                                "this person already asked to connect with you: accept their request " + connection.id);
        case store::RequestOutcome::AlreadyConnected:
            throw http::Problem(409, "Already connected", "you are connected with this person already");
    }
    Poco::JSON::Object detail;
    detail.set("connection", connection.id);
    detail.set("to", userId);
    audit(database(), caller, context, "connection.requested", "connection", connection.id, detail);
    mailAboutConnection(userId, caller.user.name + " asked to connect with you on Rotunda",
                        caller.user.name + " asked to connect with you. Once you accept, you can message each "
                                           "other and endorse each other's skills.");
    context.sendJson(201, connectionJson(connection, caller.user.id));
}

void SocialHandlers::listConnections(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    http::Problem problem = http::Problem::validation("the connections cannot be listed as asked");
    const std::string filterText = context.query("filter", "accepted");
    store::ConnectionFilter filter = store::ConnectionFilter::Accepted;
    if (filterText == "incoming") filter = store::ConnectionFilter::Incoming;
    else if (filterText == "outgoing") filter = store::ConnectionFilter::Outgoing;
    else if (filterText != "accepted") problem.withError("filter", "must be accepted, incoming or outgoing");
    const int limit = pageLimit(context, problem, 50);
    const std::string cursor = context.query("cursor");
    const auto bar = cursor.find('|');
    if (!cursor.empty() && bar == std::string::npos) problem.withError("cursor", "is not a cursor this listing gave");
    throwIfInvalid(problem);
    const auto found = store::ConnectionRepository(database()).list(
        caller.user.id, filter, cursor.empty() ? "" : cursor.substr(0, bar), cursor.empty() ? "" : cursor.substr(bar + 1),
        limit);
    Poco::JSON::Array items;
    for (const auto& c : found) items.add(connectionJson(c, caller.user.id));
    Poco::JSON::Object body;
    body.set("items", items);
    body.set("nextCursor", static_cast<int>(found.size()) == limit
                               ? Poco::Dynamic::Var(found.back().updatedAt + "|" + found.back().id)
                               : Poco::Dynamic::Var());
    context.sendJson(200, body);
}

store::Connection SocialHandlers::requireOwnConnection(http::RequestContext& context,
                                                       const auth::Authenticated& caller) {
    const auto connection = store::ConnectionRepository(database()).findById(context.param("id"));
    if (!connection || (connection->requesterId != caller.user.id && connection->addresseeId != caller.user.id))
        throw http::Problem::notFound("no connection " + context.param("id") + " of yours");
    return *connection;
}

void SocialHandlers::getConnection(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    context.sendJson(200, connectionJson(requireOwnConnection(context, caller), caller.user.id));
}

void SocialHandlers::moveConnection(http::RequestContext& context, const std::string& action) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    store::Connection connection = requireOwnConnection(context, caller);
    const domain::ConnectionParty party = connection.requesterId == caller.user.id
                                              ? domain::ConnectionParty::Requester
                                              : domain::ConnectionParty::Addressee;
    std::string to;
    const domain::ConnectionRefusal refusal = domain::checkConnectionTransition(connection.state, action, party, to);
    if (refusal == domain::ConnectionRefusal::WrongParty)
        throw http::Problem::forbidden(domain::describeConnectionRefusal(refusal, connection.state, action));
    if (refusal != domain::ConnectionRefusal::Allowed)
        throw http::Problem(409, "Conflict", domain::describeConnectionRefusal(refusal, connection.state, action));
    if (action == "accept") {
        const std::string other = connection.requesterId;
        if (relationOf(database(), caller.user.id, other).blockedByCaller)
            throw http::Problem(409, "Conflict", "you blocked this person: unblock them first");
    }
    if (!store::ConnectionRepository(database()).transition(connection.id, connection.state, to))
        throw http::Problem(409, "Conflict", "the connection changed meanwhile; reload it");
    Poco::JSON::Object detail;
    detail.set("connection", connection.id);
    detail.set("from", connection.state);
    detail.set("to", to);
    audit(database(), caller, context, "connection." + to, "connection", connection.id, detail);
    if (action == "accept")
        mailAboutConnection(connection.requesterId, caller.user.name + " accepted your request to connect",
                            caller.user.name + " accepted your request to connect: you can now message each other.");
    connection.state = to;
    if (action == "remove") return context.sendNoContent();
    const auto fresh = store::ConnectionRepository(database()).findById(connection.id);
    context.sendJson(200, connectionJson(fresh ? *fresh : connection, caller.user.id));
}

void SocialHandlers::block(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const std::string userId = context.param("userId");
    if (userId == caller.user.id)
        throw http::Problem::validation("you cannot block yourself").withError("userId", "must be someone else");
    const auto user = store::UserRepository(database()).findById(userId);
    if (!user || user->status == "disabled") throw http::Problem::notFound("no person " + userId);
    const bool added = store::ConnectionRepository(database()).block(caller.user.id, userId);
    if (added) {
        Poco::JSON::Object detail;
        detail.set("blocked", userId);
        audit(database(), caller, context, "block.added", "user", caller.user.id, detail);
    }
    Poco::JSON::Object body;
    body.set("userId", userId);
    body.set("name", user->name);
    context.sendJson(added ? 201 : 200, body);
}

void SocialHandlers::unblock(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const std::string userId = context.param("userId");
    if (!store::ConnectionRepository(database()).unblock(caller.user.id, userId))
        throw http::Problem::notFound("you have not blocked " + userId);
    Poco::JSON::Object detail;
    detail.set("unblocked", userId);
    audit(database(), caller, context, "block.removed", "user", caller.user.id, detail);
    context.sendNoContent();
}

void SocialHandlers::listBlocks(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    Poco::JSON::Array items;
    for (const auto& b : store::ConnectionRepository(database()).blocksOf(caller.user.id)) {
        Poco::JSON::Object item;
        item.set("userId", b.userId);
        item.set("name", b.name);
        item.set("createdAt", b.createdAt);
        items.add(item);
    }
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void SocialHandlers::endorse(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const std::string userId = context.param("userId");
    const domain::Caller who = policyCaller(database(), caller);
    domain::PersonVisibility visibility;
    if (userId != caller.user.id) requireVisiblePerson(database(), who, userId, visibility);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the endorsement cannot be made as given");
    refuseUnknownMembers(body, {"skill", "skillId"}, problem);
    std::string skill, skillId;
    if (body->has("skillId") == body->has("skill")) {
        problem.withError("skill", "give either skill (your own words) or skillId (from an organization's list)");
    } else if (body->has("skillId")) {
        skillId = requiredString(body, "skillId", problem, 64);
        const auto listed = store::EndorsementRepository(database()).findSkill(skillId);
        if (!listed && problem.errors().empty()) problem.withError("skillId", "is not a skill any organization lists");
        if (listed) skill = listed->name;
    } else {
        skill = domain::normaliseSkill(optionalString(body, "skill", problem, "", domain::kMaxSkill));
        if (skill.empty() && problem.errors().empty()) problem.withError("skill", "must not be empty");
    }
    throwIfInvalid(problem);
    throwIfRefused(domain::mayEndorse(who, userId, relationOf(database(), caller.user.id, userId)), "userId");
    const auto endorsement = store::EndorsementRepository(database()).add(caller.user.id, userId, skill, skillId);
    if (!endorsement)
        throw http::Problem(409, "Already endorsed", "you endorsed this person for " + skill + " already")
            .withError(skillId.empty() ? "skill" : "skillId", "already endorsed");
    Poco::JSON::Object detail;
    detail.set("endorsement", endorsement->id);
    detail.set("endorsed", userId);
    detail.set("skill", skill);
    audit(database(), caller, context, "endorsement.added", "user", userId, detail);
    context.sendJson(201, endorsementJson(*endorsement));
}

void SocialHandlers::listEndorsements(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const std::string userId = context.param("userId");
    domain::PersonVisibility visibility;
    requireVisiblePerson(database(), policyCaller(database(), caller), userId, visibility);
    Poco::JSON::Array items;
    for (const auto& e : store::EndorsementRepository(database()).of(userId, userId == caller.user.id))
        items.add(endorsementJson(e));
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void SocialHandlers::hideEndorsement(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the endorsement cannot be changed as given");
    refuseUnknownMembers(body, {"hidden"}, problem);
    bool hidden = false;
    if (!body->has("hidden")) problem.withError("hidden", "is required");
    else if (const std::string p = optionalBoolProblem(body, "hidden", hidden); !p.empty()) problem.withError("hidden", p);
    throwIfInvalid(problem);
    const std::string id = context.param("id");
    store::EndorsementRepository endorsements(database());
    if (!endorsements.setHidden(id, caller.user.id, hidden))
        throw http::Problem::notFound("no endorsement " + id + " of you");
    Poco::JSON::Object detail;
    detail.set("endorsement", id);
    detail.set("hidden", hidden);
    audit(database(), caller, context, hidden ? "endorsement.hidden" : "endorsement.shown", "user", caller.user.id,
          detail);
    context.sendJson(200, endorsementJson(*endorsements.findById(id)));
}

void SocialHandlers::withdrawEndorsement(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const std::string id = context.param("id");
    const auto endorsement = store::EndorsementRepository(database()).findById(id);
    if (!endorsement || !store::EndorsementRepository(database()).remove(id, caller.user.id))
        throw http::Problem::notFound("no endorsement " + id + " made by you");
    Poco::JSON::Object detail;
    detail.set("endorsement", id);
    detail.set("skill", endorsement->skill);
    audit(database(), caller, context, "endorsement.withdrawn", "user", endorsement->endorsedId, detail);
    context.sendNoContent();
}

store::Organization SocialHandlers::requireOrganization(http::RequestContext& context) {
    const auto organization = store::OrganizationRepository(database()).findById(context.param("id"));
    if (!organization) throw http::Problem::notFound("no organization " + context.param("id"));
    return *organization;
}

void SocialHandlers::listSkills(http::RequestContext& context) {
    requireCaller(context, accounts_);
    const store::Organization organization = requireOrganization(context);
    Poco::JSON::Array items;
    for (const auto& s : store::EndorsementRepository(database()).skillsOf(organization.id)) items.add(skillJson(s));
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void SocialHandlers::addSkill(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization organization = requireOrganization(context);
    if (!domain::mayManageSkills(policyCaller(database(), caller), organization.id))
        throw http::Problem::forbidden("only the organization's admins and coordinators keep its skill list");
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the skill cannot be added as given");
    refuseUnknownMembers(body, {"name"}, problem);
    const std::string name = domain::normaliseSkill(requiredString(body, "name", problem, domain::kMaxSkill));
    if (name.empty() && problem.errors().empty()) problem.withError("name", "must not be empty");
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        problem.withError("name", "must not contain control characters");
    throwIfInvalid(problem);
    const auto skill = store::EndorsementRepository(database()).addSkill(organization.id, name);
    if (!skill)
        throw http::Problem(409, "Already listed", name + " is on the list already").withError("name", "already listed");
    Poco::JSON::Object detail;
    detail.set("skill", skill->id);
    detail.set("name", name);
    audit(database(), caller, context, "skill.added", "organization", organization.id, detail);
    context.sendJson(201, skillJson(*skill));
}

void SocialHandlers::removeSkill(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization organization = requireOrganization(context);
    if (!domain::mayManageSkills(policyCaller(database(), caller), organization.id))
        throw http::Problem::forbidden("only the organization's admins and coordinators keep its skill list");
    const std::string skillId = context.param("skillId");
    if (!store::EndorsementRepository(database()).removeSkill(organization.id, skillId))
        throw http::Problem::notFound("no skill " + skillId + " on this list");
    Poco::JSON::Object detail;
    detail.set("skill", skillId);
    audit(database(), caller, context, "skill.removed", "organization", organization.id, detail);
    context.sendNoContent();
}

Poco::JSON::Object settingsJson(store::Database& database, const std::string& userId) {
    const auto choices = store::NotificationSettingsRepository(database).choicesOf(userId);
    Poco::JSON::Object json;
    for (const auto& kind : domain::notificationKinds()) {
        const auto it = choices.find(kind.name);
        json.set(kind.name, it == choices.end() ? kind.emailByDefault : it->second);
    }
    return json;
}

void SocialHandlers::notificationSettings(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    context.sendJson(200, settingsJson(database(), caller.user.id));
}

void SocialHandlers::changeNotificationSettings(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the notification settings cannot be changed as given");
    std::vector<std::pair<std::string, bool>> changes;
    for (const auto& name : body->getNames()) {
        bool email = false;
        if (!domain::notificationKind(name)) problem.withError(name, "is not a kind of notification");
        else if (const std::string p = optionalBoolProblem(body, name, email); !p.empty()) problem.withError(name, p);
        else changes.emplace_back(name, email);
    }
    throwIfInvalid(problem);
    store::NotificationSettingsRepository settings(database());
    Poco::JSON::Object detail;
    for (const auto& [kind, email] : changes) {
        settings.setChoice(caller.user.id, kind, email);
        detail.set(kind, email);
    }
    if (!changes.empty()) audit(database(), caller, context, "notifications.changed", "user", caller.user.id, detail);
    context.sendJson(200, settingsJson(database(), caller.user.id));
}

}  // namespace

const std::vector<std::string>& directoryProfileMembers() {
    static const std::vector<std::string> names{"listed", "specialty", "location", "shareEmail", "sharePhone"};
    return names;
}

void readDirectoryProfile(const Poco::JSON::Object::Ptr& body, store::DirectoryProfile& profile,
                          http::Problem& problem) {
    if (body->has("listed")) {
        if (body->isNull("listed")) profile.listed.reset();  // back to the default for one's roles
        else {
            bool listed = false;
            if (const std::string p = optionalBoolProblem(body, "listed", listed); !p.empty())
                problem.withError("listed", p + " (or null for the default)");
            else profile.listed = listed;
        }
    }
    profile.specialty = optionalString(body, "specialty", problem, profile.specialty, domain::kMaxDirectoryText);
    profile.location = optionalString(body, "location", problem, profile.location, domain::kMaxDirectoryText);
    for (const auto& [name, target] :
         std::vector<std::pair<std::string, bool*>>{{"shareEmail", &profile.shareEmail}, {"sharePhone", &profile.sharePhone}})
        if (const std::string p = optionalBoolProblem(body, name, *target); !p.empty()) problem.withError(name, p);
}

void addDirectoryProfile(Poco::JSON::Object& json, const store::DirectoryProfile& profile) {
    json.set("listed", profile.listed ? Poco::Dynamic::Var(*profile.listed) : Poco::Dynamic::Var());
    json.set("specialty", profile.specialty);
    json.set("location", profile.location);
    json.set("shareEmail", profile.shareEmail);
    json.set("sharePhone", profile.sharePhone);
}

void registerSocialRoutes(http::Router& router, auth::AccountService& accounts, const SocialSettings& settings) {
    auto handlers = std::make_shared<SocialHandlers>(accounts, settings);
    const auto bind = [handlers](void (SocialHandlers::*method)(http::RequestContext&)) {
        return [handlers, method](http::RequestContext& context) { ((*handlers).*method)(context); };
    };
    const auto move = [handlers](const std::string& action) {
        return [handlers, action](http::RequestContext& context) { handlers->moveConnection(context, action); };
    };
    router.add("GET", "/api/v1/directory",
               "Search listed people (?q=&organizationId=&role=&specialty=&location=&limit=&cursor=): exact, "
               "then prefix, then substring matches",
               bind(&SocialHandlers::search));
    router.add("GET", "/api/v1/people/{userId}", "A person's card (email and phone only when they share them)",
               bind(&SocialHandlers::person));
    router.add("POST", "/api/v1/connections", "Ask to connect with a person (userId, optional note); rate limited",
               bind(&SocialHandlers::requestConnection));
    router.add("GET", "/api/v1/connections", "Your connections (?filter=accepted|incoming|outgoing&limit=&cursor=)",
               bind(&SocialHandlers::listConnections));
    router.add("GET", "/api/v1/connections/{id}", "One connection of yours", bind(&SocialHandlers::getConnection));
    router.add("POST", "/api/v1/connections/{id}/accept", "Accept a request made to you", move("accept"));
    router.add("POST", "/api/v1/connections/{id}/decline", "Decline a request made to you", move("decline"));
    router.add("POST", "/api/v1/connections/{id}/withdraw", "Withdraw a request you made", move("withdraw"));
    router.add("DELETE", "/api/v1/connections/{id}", "Remove an accepted connection", move("remove"));
    router.add("GET", "/api/v1/me/blocks", "People you blocked", bind(&SocialHandlers::listBlocks));
    router.add("PUT", "/api/v1/me/blocks/{userId}", "Block a person: no more requests or messages from them",
               bind(&SocialHandlers::block));
    router.add("DELETE", "/api/v1/me/blocks/{userId}", "Unblock a person", bind(&SocialHandlers::unblock));
    router.add("POST", "/api/v1/people/{userId}/endorsements",
               "Endorse a connected person for a skill (skill, or skillId from an organization's list)",
               bind(&SocialHandlers::endorse));
    router.add("GET", "/api/v1/people/{userId}/endorsements", "A person's endorsements (hidden ones only to them)",
               bind(&SocialHandlers::listEndorsements));
    router.add("PATCH", "/api/v1/me/endorsements/{id}", "Hide or show an endorsement of you (hidden)",
               bind(&SocialHandlers::hideEndorsement));
    router.add("DELETE", "/api/v1/endorsements/{id}", "Take back an endorsement you made",
               bind(&SocialHandlers::withdrawEndorsement));
    router.add("GET", "/api/v1/organizations/{id}/skills", "The organization's skill list for endorsements",
               bind(&SocialHandlers::listSkills));
    router.add("POST", "/api/v1/organizations/{id}/skills", "Add a skill to the list (admins, coordinators)",
               bind(&SocialHandlers::addSkill));
    router.add("DELETE", "/api/v1/organizations/{id}/skills/{skillId}", "Remove a skill from the list",
               bind(&SocialHandlers::removeSkill));
    router.add("GET", "/api/v1/me/notifications", "Which kinds of email you receive",
               bind(&SocialHandlers::notificationSettings));
    router.add("PATCH", "/api/v1/me/notifications",
               "Turn kinds of email on or off ({\"messages\": false, …}; kinds: messages, connections, "
               "rotation_action, weekly_digest)",
               bind(&SocialHandlers::changeNotificationSettings));
}

}  // namespace rotunda::api
