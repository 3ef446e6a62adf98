// TestMain.cpp — CppUnit runner shared by every unit-<room> executable.
//
// Usage: unit-<room> [SuiteName ...]; no argument runs every suite of the runner.
// Suites register with ROTUNDA_TEST_SUITE (TestSupport.h).
// Exits non-zero when any test fails, so CTest reports it.
#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <iostream>

int main(int argc, char** argv) {
    CppUnit::TestResult controller;
    CppUnit::TestResultCollector collected;
    controller.addListener(&collected);
    CppUnit::BriefTestProgressListener progress;
    controller.addListener(&progress);

    CppUnit::TestRunner runner;
    if (argc <= 1) {
        runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    } else {
        for (int i = 1; i < argc; ++i)
            runner.addTest(CppUnit::TestFactoryRegistry::getRegistry(argv[i]).makeTest());
    }
    runner.run(controller);

    CppUnit::CompilerOutputter outputter(&collected, std::cerr);
    outputter.write();
    return collected.wasSuccessful() ? 0 : 1;
}
