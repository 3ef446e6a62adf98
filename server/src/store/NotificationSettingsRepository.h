// NotificationSettingsRepository.h — what each person wants mailed to them, by kind
// (domain::notificationKinds lists the kinds and their defaults).
#pragma once

#include "store/Database.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rotunda::store {

/// Per-user choices of mail, one per kind. A kind without a row follows its
/// default, which the caller passes (domain::notificationKind(kind)->emailByDefault).
class NotificationSettingsRepository {
public:
    explicit NotificationSettingsRepository(Database& database) : database_(database) {}

    /// The kinds `userId` chose, with their choice (kinds left at the default are absent).
    std::map<std::string, bool> choicesOf(const std::string& userId);
    /// Stores a choice (insert or replace).
    void setChoice(const std::string& userId, const std::string& kind, bool email);
    /// Whether `userId` wants mail of `kind`: their choice, else `byDefault`.
    bool emailEnabled(const std::string& userId, const std::string& kind, bool byDefault);
    /// The users among `userIds` who want mail of `kind` (their choice, else `byDefault`).
    std::vector<std::string> wantingEmail(const std::vector<std::string>& userIds, const std::string& kind,
                                          bool byDefault);

private:
    Database& database_;
};

}  // namespace rotunda::store
