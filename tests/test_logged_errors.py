"""A test fails when anything logs an error, unless it is marked as provoking one (tests/conftest.py)."""

import pytest

pytest_plugins = ["pytester"]


@pytest.mark.logs_errors  # the inner run's errors reach this process's log too
def test_an_error_in_the_log_fails_the_test_that_logged_it(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("from tests.conftest import logged_errors  # noqa: F401")
    pytester.makepyfile(
        """
        import asyncio
        import logging

        import pytest

        def test_a_warning_is_fine():
            logging.getLogger("netbar.x").warning("only a warning")

        def test_a_handler_error_fails():
            logging.getLogger("netbar.bus").error("Error running handler on_event for RequestPlaced")

        def test_a_task_that_raised_fails():
            async def boom():
                raise RuntimeError("lost in a task")

            async def main():
                asyncio.get_running_loop().create_task(boom())
                await asyncio.sleep(0.01)

            asyncio.run(main())  # the loop logs "Task exception was never retrieved"

        @pytest.mark.logs_errors
        def test_an_expected_error_is_fine():
            logging.getLogger("netbar.x").error("on purpose")
        """
    )
    result = pytester.runpytest_inprocess(
        "-p",
        "no:cacheprovider",
        "-o",
        "asyncio_default_fixture_loop_scope=function",
        "-W",
        "ignore::pytest.PytestUnknownMarkWarning",
    )
    result.assert_outcomes(passed=4, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_a_handler_error_fails*",
            "errors were logged:",
            "netbar.bus: Error running handler*",
            "*ERROR at teardown of test_a_task_that_raised_fails*",
            "errors were logged:",
            "asyncio: Task exception was never retrieved",
        ]
    )
