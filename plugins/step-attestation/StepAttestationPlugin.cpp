// StepAttestationPlugin.cpp — the step-attestation plugin: its descriptor and its one step type.
#include <rotunda/plugin/Plugin.h>

#include "PolicyAttestation.h"

namespace {

void registerStepAttestation(rotunda::plugin::Registrar& registrar) {
    registrar.addStepType("policy-attestation", [](rotunda::plugin::HostContext&) {
        return std::make_unique<rotunda::attestation::PolicyAttestation>();
    });
}

}  // namespace

ROTUNDA_PLUGIN("step-attestation", "1.0.0",
               "Read-and-sign of a facility policy as an onboarding step", registerStepAttestation);
