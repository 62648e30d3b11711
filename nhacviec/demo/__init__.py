"""The offline demo: `nhacviec demo`."""

from nhacviec.demo.story import REQUIRED_STEPS, DemoResult, run_demo

__all__ = ["REQUIRED_STEPS", "DemoResult", "run_demo"]
