// Mailer.cpp — the interface every mail transport implements (and a future outbox).
#include "mail/Mailer.h"

namespace rotunda::mail {

// Defined out of line so the vtable has one home.
Mailer::~Mailer() = default;

}  // namespace rotunda::mail
