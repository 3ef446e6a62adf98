// StepImmunizationPlugin.cpp — the step-immunization plugin: its descriptor and its
// one step type, immunization-record. It has no plugin-wide configuration: what a
// record must show is set per step by the facility (ImmunizationSettings).
#include "ImmunizationStepType.h"

#include <rotunda/plugin/Plugin.h>

#include <memory>

namespace {

using namespace rotunda::plugin;

void registerStepImmunization(Registrar& registrar) {
    registrar.addStepType(rotunda::immunization::kStepTypeId, [](HostContext&) {
        return std::make_unique<rotunda::immunization::ImmunizationStepType>();
    });
}

}  // namespace

ROTUNDA_PLUGIN("step-immunization", "1.0.0",
               "Immunization records (MMR, varicella, hepatitis B, TB test, influenza, Tdap) that verify themselves",
               registerStepImmunization);
