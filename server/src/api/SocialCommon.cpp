// SocialCommon.cpp — what the directory, connection and message handlers share.
#include "api/SocialCommon.h"

#include "app/Settings.h"

#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>

namespace rotunda::api {

SocialSettings SocialSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    SocialSettings s;
    s.connectionRequestsPerHour =
        static_cast<int>(app::readInt(config, "social.connectionRequestsPerHour", 20, 1, 10000));
    s.messageAttachmentMaxBytes =
        static_cast<std::uint64_t>(app::readInt(config, "social.messageAttachmentMaxMegabytes", 10, 1, 4096)) * 1024 *
        1024;
    return s;
}

domain::Relation relationOf(store::Database& database, const std::string& callerId, const std::string& personId,
                            std::optional<store::Connection>* live) {
    const store::PairStanding standing = store::ConnectionRepository(database).standing(callerId, personId);
    domain::Relation relation;
    relation.connected = standing.live && standing.live->state == "accepted";
    relation.pending = standing.live && standing.live->state == "pending";
    relation.blockedByCaller = standing.firstBlockedSecond;
    relation.blockedByThem = standing.secondBlockedFirst;
    if (live) *live = standing.live;
    return relation;
}

domain::DirectoryPerson directoryPerson(const store::DirectoryEntry& entry) {
    domain::DirectoryPerson person;
    person.userId = entry.userId;
    person.listedChoice = entry.profile.listed;
    for (const auto& role : entry.roles) person.roles.push_back(role.role);
    person.sharesEmail = entry.profile.shareEmail;
    person.sharesPhone = entry.profile.sharePhone;
    return person;
}

store::DirectoryEntry requireVisiblePerson(store::Database& database, const domain::Caller& who,
                                           const std::string& userId, domain::PersonVisibility& visibility) {
    const auto entry = store::DirectoryRepository(database).person(userId);
    if (entry) {
        visibility = domain::personVisibility(who, directoryPerson(*entry), relationOf(database, who.userId, userId));
        if (visibility.visible) return *entry;
    }
    throw http::Problem::notFound("no person " + userId + " that you can see");
}

Poco::JSON::Object personJson(const store::DirectoryEntry& entry, const domain::PersonVisibility& visibility) {
    Poco::JSON::Object json;
    json.set("id", entry.userId);
    json.set("name", entry.name);
    json.set("title", entry.title);
    json.set("pronouns", entry.pronouns);
    json.set("photoDocumentId",
             entry.photoDocumentId.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(entry.photoDocumentId));
    json.set("specialty", entry.profile.specialty);
    json.set("location", entry.profile.location);
    json.set("email", visibility.email ? Poco::Dynamic::Var(entry.email) : Poco::Dynamic::Var());
    json.set("phone", visibility.phone && !entry.phone.empty() ? Poco::Dynamic::Var(entry.phone) : Poco::Dynamic::Var());
    Poco::JSON::Array organizations;
    Poco::JSON::Object::Ptr current;
    Poco::JSON::Array::Ptr roles;
    for (const auto& role : entry.roles) {
        if (!current || current->getValue<std::string>("id") != role.organizationId) {
            current = new Poco::JSON::Object;
            roles = new Poco::JSON::Array;
            current->set("id", role.organizationId);
            current->set("name", role.organizationName);
            current->set("kind", role.organizationKind);
            current->set("roles", roles);
            organizations.add(current);
        }
        roles->add(role.role);
    }
    json.set("organizations", organizations);
    return json;
}

int pageLimit(http::RequestContext& context, http::Problem& problem, int fallback) {
    const std::string text = context.query("limit", std::to_string(fallback));
    int limit = 0;
    if (!Poco::NumberParser::tryParse(text, limit) || limit < 1 || limit > 100) {
        problem.withError("limit", "must be a whole number from 1 to 100");
        return fallback;
    }
    return limit;
}

}  // namespace rotunda::api
