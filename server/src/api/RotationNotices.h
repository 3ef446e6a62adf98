// RotationNotices.h — the mail a rotation sends when something waits for
// someone: scheduled, an application decided, a comment, a rejected step, the
// start coming with steps not done, and the weekly digest of open items.
#pragma once

#include "domain/RotationNotices.h"
#include "mail/Outbox.h"
#include "store/Database.h"
#include "store/RotationRepository.h"

#include <string>
#include <vector>

namespace rotunda::api {

/// A required step that no longer counts towards a rotation being ready.
struct LapsedStep {
    std::string name;
    std::string completedBy;  ///< student, school_coordinator, faculty, facility
    std::string state;        ///< expired, or another state that is not verified or waived
};

/// "the required step \"Immunization record\" expired" (and so on, joined with
/// "; "): why a ready rotation went back to onboarding, for its event and its mail.
std::string lapsedReason(const std::vector<LapsedStep>& steps);

/// Queues rotation mail through the outbox, one letter per person, each asked
/// first whether they want the kind (store::NotificationSettingsRepository with
/// domain::notificationKind: rotation_action for everything but the digest,
/// weekly_digest for it) and sent only to active accounts. Every letter names
/// the rotation (student, service, facility, dates) and links to the start
/// page; none carries free text people typed (comments, reasons): it may hold
/// patient details, and mail leaves the hospital's network (decision 0017).
/// A letter that cannot be queued is logged (RTN0101) and skipped: the action
/// that caused it stands.
class RotationNotices {
public:
    /// `outbox` null: nothing is mailed. `publicUrl` without a trailing slash.
    RotationNotices(store::Database& database, mail::Outbox* outbox, std::string publicUrl);

    /// A coordinator scheduled the rotation: its student and its preceptor.
    void scheduled(const std::string& rotationId);
    /// The rotation's application was accepted, waitlisted or declined
    /// (`action` accept, waitlist, decline): its student. Other actions: nothing.
    void decided(const std::string& rotationId, const std::string& action);
    /// `authorId` commented: every other person of the rotation
    /// (domain::commentRecipients), without the comment's text.
    void commented(const std::string& rotationId, const std::string& authorId);
    /// A step of the rotation was rejected: its student, naming the step (the
    /// reason is read in Rotunda, not mailed). For the steps' reject route.
    void stepRejected(const store::Rotation& rotation, const std::string& stepName);
    /// The rotation job took the ready rotation back to onboarding because
    /// `steps` lapsed: its student and whoever completes those steps
    /// (domain::unreadyRecipients), naming the steps, never their answers.
    void unready(const std::string& rotationId, const std::vector<LapsedStep>& steps);
    /// The rotation's preceptor changed from `before` to `after` (either may be
    /// empty): the new preceptor, the previous one and the student
    /// (domain::preceptorChangeLetters). Nothing when it did not change.
    void preceptorChanged(const std::string& rotationId, const std::string& before, const std::string& after);
    /// The rotation starts soon with required steps not done: its student.
    /// True when a letter was queued.
    bool startReminder(const std::string& rotationId);
    /// The weekly digest of `userId`'s open items (nothing when there are none
    /// or they do not want it). True when a letter was queued.
    bool digest(const std::string& userId, const std::vector<domain::OpenItem>& items);

    /// The rotation as mail and digests name it; empty when it does not exist.
    std::string describe(const std::string& rotationId);

private:
    bool send(const std::string& userId, const std::string& kind, const std::string& rotationId,
              const std::string& subject, const std::vector<std::string>& paragraphs);

    store::Database& database_;
    mail::Outbox* outbox_;
    std::string publicUrl_;
};

}  // namespace rotunda::api
