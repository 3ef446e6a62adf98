// Routes.cpp — every route of the API, registered in one place.
#include "api/Routes.h"

#include "api/AgreementRoutes.h"
#include "api/AdminRoutes.h"
#include "api/AuthRoutes.h"
#include "api/DocumentRoutes.h"
#include "api/InvitationRoutes.h"
#include "api/OrganizationRoutes.h"
#include "api/ServiceRoutes.h"
#include "api/StepCompletionRoutes.h"
#include "api/StepRoutes.h"
#include "api/PeopleRoutes.h"
#include "api/RotationRoutes.h"
#include "api/PartnerRoutes.h"
#include "api/SystemRoutes.h"
#include "api/WebRoutes.h"
#include "api/SocialRoutes.h"
#include "api/MessageRoutes.h"
#include "api/DashboardRoutes.h"

namespace rotunda::api {

void registerRoutes(http::Router& router, const ApiContext& context) {
    registerSystemRoutes(router, context.healthSources, context.metrics, context.observers);
    if (context.accounts != nullptr) {
        registerAuthRoutes(router, *context.accounts);
        registerAdminRoutes(router, *context.accounts);
        registerOrganizationRoutes(router, *context.accounts);
        registerDocumentRoutes(router, *context.accounts, context.plugins, context.documents);
        registerStepRoutes(router, *context.accounts, context.plugins);
        registerServiceRoutes(router, *context.accounts);
        registerAgreementRoutes(router, *context.accounts);
        registerPartnerRoutes(router, *context.accounts, context.invitations);
        if (context.invitations != nullptr) registerInvitationRoutes(router, *context.accounts, *context.invitations);
        if (context.invitations != nullptr) registerPeopleRoutes(router, *context.accounts, *context.invitations);
        registerSocialRoutes(router, *context.accounts, context.social);
        registerMessageRoutes(router, *context.accounts, context.social);
        registerRotationRoutes(router, *context.accounts, context.rotationPreceptorMaxStudents, context.plugins);
        registerStepCompletionRoutes(router, *context.accounts, context.plugins);
        registerDashboardRoutes(router, *context.accounts);
    }
    registerWebRoutes(router, context.webDirectory);
}

}  // namespace rotunda::api
