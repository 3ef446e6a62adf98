// NotificationSettingsRepository.cpp — per-user mail choices by kind.
#include "store/NotificationSettingsRepository.h"

#include "store/Clock.h"

using namespace Poco::Data::Keywords;

namespace rotunda::store {

std::map<std::string, bool> NotificationSettingsRepository::choicesOf(const std::string& userId) {
    std::string user = userId;
    std::vector<std::string> kinds;
    std::vector<int> emails;
    Poco::Data::Session session = database_.session();
    session << "SELECT kind, email FROM notification_settings WHERE user_id = $1", use(user), into(kinds),
        into(emails), now;
    std::map<std::string, bool> choices;
    for (std::size_t i = 0; i < kinds.size(); ++i) choices[kinds[i]] = emails[i] != 0;
    return choices;
}

void NotificationSettingsRepository::setChoice(const std::string& userId, const std::string& kind, bool email) {
    std::string user = userId, name = kind, at = utcNow();
    int flag = email ? 1 : 0;
    Database::WriteTransaction transaction(database_);
    transaction.session() << "INSERT INTO notification_settings (user_id, kind, email, updated_at) "
                             "VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, kind) DO UPDATE SET "
                             "email = excluded.email, updated_at = excluded.updated_at",
        use(user), use(name), use(flag), use(at), now;
    transaction.commit();
}

bool NotificationSettingsRepository::emailEnabled(const std::string& userId, const std::string& kind,
                                                  bool byDefault) {
    const auto choices = choicesOf(userId);
    const auto it = choices.find(kind);
    return it == choices.end() ? byDefault : it->second;
}

std::vector<std::string> NotificationSettingsRepository::wantingEmail(const std::vector<std::string>& userIds,
                                                                      const std::string& kind, bool byDefault) {
    std::vector<std::string> result;
    for (const auto& id : userIds)
        if (emailEnabled(id, kind, byDefault)) result.push_back(id);
    return result;
}

}  // namespace rotunda::store
