// RotationNotices.cpp — the mail a rotation sends (docs/rotations.md, "Activity and mail").
#include "api/RotationNotices.h"

#include "domain/Social.h"
#include "mail/Letter.h"
#include "store/NotificationSettingsRepository.h"
#include "store/RotationActivityRepository.h"

#include <Poco/Logger.h>

#include <optional>

namespace rotunda::api {
namespace {

Poco::Logger& log() { return Poco::Logger::get("rotunda.rotations"); }

std::string describeSummary(const store::RotationSummary& s) {
    return domain::describeRotation(s.studentName, s.serviceName, s.facilityName, s.startDate, s.endDate);
}

domain::RotationPeople peopleOf(store::RotationActivityRepository& repository, const store::RotationSummary& s) {
    domain::RotationPeople people;
    people.studentId = s.studentId;
    people.preceptorId = s.preceptorId;
    people.schoolStaff = repository.staffOf(s.schoolId);
    people.facilityStaff = repository.staffOf(s.facilityId);
    return people;
}

}  // namespace

std::string lapsedReason(const std::vector<LapsedStep>& steps) {
    std::string reason;
    for (const auto& step : steps) {
        if (!reason.empty()) reason += "; ";
        reason += "the required step \"" + step.name + "\" " +
                  (step.state == "expired" ? std::string("expired") : "is no longer verified or waived (" + step.state + ")");
    }
    return reason;
}

RotationNotices::RotationNotices(store::Database& database, mail::Outbox* outbox, std::string publicUrl)
    : database_(database), outbox_(outbox), publicUrl_(std::move(publicUrl)) {
    while (!publicUrl_.empty() && publicUrl_.back() == '/') publicUrl_.pop_back();
}

std::string RotationNotices::describe(const std::string& rotationId) {
    const auto s = store::RotationActivityRepository(database_).summary(rotationId);
    return s ? describeSummary(*s) : "";
}

bool RotationNotices::send(const std::string& userId, const std::string& kindName, const std::string& rotationId,
                           const std::string& subject, const std::vector<std::string>& paragraphs) {
    if (outbox_ == nullptr) return false;
    const auto kind = domain::notificationKind(kindName);
    if (!kind) return false;
    try {
        if (!store::NotificationSettingsRepository(database_).emailEnabled(userId, kind->name, kind->emailByDefault))
            return false;
        const auto person = store::RotationActivityRepository(database_).recipient(userId);
        if (!person || person->status != "active") return false;
        mail::Letter letter;
        letter.to = person->email;
        letter.subject = subject;
        letter.greeting = "Hello " + person->name + ",";
        letter.paragraphs = paragraphs;
        letter.actionLabel = "Open Rotunda";
        letter.actionUrl = publicUrl_ + "/";
        letter.after = {"You can turn these emails off in your notification settings (" + kind->name + ")."};
        outbox_->enqueue(letter.compose());
        return true;
    } catch (const std::exception& e) {
        log().warning("RTN0101 a rotation mail (" + kindName + ", rotation " + rotationId + ") to user " + userId +
                      " could not be queued: " + e.what());
        return false;
    }
}

void RotationNotices::scheduled(const std::string& rotationId) {
    store::RotationActivityRepository repository(database_);
    const auto s = repository.summary(rotationId);
    if (!s) return;
    const std::string what = describeSummary(*s);
    send(s->studentId, "rotation_action", s->id, "You are scheduled: " + s->serviceName + " at " + s->facilityName,
         {"You have been scheduled on a rotation: " + what + ".",
          "Its onboarding steps are waiting for you in Rotunda; complete them before the start."});
    if (!s->preceptorId.empty())
        send(s->preceptorId, "rotation_action", s->id,
             "A student is scheduled with you: " + s->studentName + ", " + s->serviceName,
             {"You are the preceptor of a rotation that was just scheduled: " + what + "."});
}

void RotationNotices::decided(const std::string& rotationId, const std::string& action) {
    const std::string word = domain::decisionWord(action);
    if (word.empty()) return;
    const auto s = store::RotationActivityRepository(database_).summary(rotationId);
    if (!s) return;
    std::vector<std::string> paragraphs{"Your application was " + word + ": " + describeSummary(*s) + "."};
    if (action == "accept") paragraphs.push_back("You have a place. Your onboarding steps are waiting in Rotunda.");
    if (action == "waitlist")
        paragraphs.push_back("There is no place for you yet; you will hear from Rotunda when the facility accepts you.");
    if (action == "decline") paragraphs.push_back("The reason is in Rotunda.");
    send(s->studentId, "rotation_action", s->id, "Your application was " + word + ": " + s->serviceName + " at " +
                                                     s->facilityName,
         paragraphs);
}

void RotationNotices::commented(const std::string& rotationId, const std::string& authorId) {
    store::RotationActivityRepository repository(database_);
    const auto s = repository.summary(rotationId);
    if (!s) return;
    const domain::RotationPeople people = peopleOf(repository, *s);
    const auto author = repository.recipient(authorId);
    const std::string who = author ? author->name : "Someone";
    for (const auto& userId : domain::commentRecipients(people, authorId, s->status))
        send(userId, "rotation_action", s->id, "New comment on the rotation of " + s->studentName,
             {who + " commented on the rotation " + describeSummary(*s) + ".",
              "For your patients' privacy comments are not sent by email: read and answer it in the rotation's "
              "activity in Rotunda."});
}

void RotationNotices::stepRejected(const store::Rotation& rotation, const std::string& stepName) {
    const auto s = store::RotationActivityRepository(database_).summary(rotation.id);
    if (!s) return;
    send(s->studentId, "rotation_action", s->id, "A step needs your attention: " + stepName,
         {"The step \"" + stepName + "\" of your rotation " + describeSummary(*s) + " was not accepted.",
          "Read why in Rotunda, then complete it again."});
}

void RotationNotices::unready(const std::string& rotationId, const std::vector<LapsedStep>& steps) {
    store::RotationActivityRepository repository(database_);
    const auto s = repository.summary(rotationId);
    if (!s) return;
    std::vector<std::string> completedBy;
    for (const auto& step : steps) completedBy.push_back(step.completedBy);
    const std::string why = lapsedReason(steps);
    for (const auto& userId : domain::unreadyRecipients(peopleOf(repository, *s), completedBy)) {
        const bool student = userId == s->studentId;
        send(userId, "rotation_action", s->id,
             (student ? "Your rotation is no longer ready: " : "A rotation is no longer ready: ") + s->serviceName +
                 " at " + s->facilityName,
             {(student ? "Your rotation " : "The rotation ") + describeSummary(*s) + " is back in onboarding: " + why +
                  ".",
              "It becomes ready again by itself once the step is verified again; open it in Rotunda to renew it."});
    }
}

void RotationNotices::preceptorChanged(const std::string& rotationId, const std::string& before,
                                       const std::string& after) {
    store::RotationActivityRepository repository(database_);
    const auto s = repository.summary(rotationId);
    if (!s) return;
    const std::string what = describeSummary(*s);
    const auto nameOf = [&repository](const std::string& userId) {
        const auto person = userId.empty() ? std::nullopt : repository.recipient(userId);
        return person ? person->name : std::string();
    };
    for (const auto& letter : domain::preceptorChangeLetters(s->studentId, before, after)) {
        if (letter.role == "new_preceptor")
            send(letter.userId, "rotation_action", s->id,
                 "A student is assigned to you: " + s->studentName + ", " + s->serviceName,
                 {"You are now the preceptor of the rotation " + what + "."});
        else if (letter.role == "previous_preceptor")
            send(letter.userId, "rotation_action", s->id,
                 "You are no longer the preceptor of " + s->studentName + ", " + s->serviceName,
                 {"You were removed as the preceptor of the rotation " + what + "."});
        else {
            const std::string name = nameOf(after);
            send(letter.userId, "rotation_action", s->id, "Your preceptor changed: " + s->serviceName + " at " +
                                                             s->facilityName,
                 {name.empty() ? "Your rotation " + what + " has no preceptor at the moment."
                               : "Your preceptor on the rotation " + what + " is now " + name + "."});
        }
    }
}

bool RotationNotices::startReminder(const std::string& rotationId) {
    const auto s = store::RotationActivityRepository(database_).summary(rotationId);
    if (!s) return false;
    return send(s->studentId, "rotation_action", s->id,
                "Your rotation starts on " + s->startDate + ": steps are not done",
                {"Your rotation " + describeSummary(*s) + " starts on " + s->startDate +
                     ", and some of its required steps are not yet verified.",
                 "Complete them in Rotunda so that you are ready on the first day."});
}

bool RotationNotices::digest(const std::string& userId, const std::vector<domain::OpenItem>& items) {
    const std::vector<std::string> lines = domain::digestLines(items);
    if (lines.empty()) return false;
    std::vector<std::string> paragraphs{"This is what waits for you on Rotunda:"};
    paragraphs.insert(paragraphs.end(), lines.begin(), lines.end());
    return send(userId, "weekly_digest", "", "Your open items on Rotunda", paragraphs);
}

}  // namespace rotunda::api
