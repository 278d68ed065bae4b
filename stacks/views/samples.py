"""The sample gallery on the Create Stack page: template files under stacks/samples/."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"


@dataclass(frozen=True)
class Sample:
    key: str
    file: str
    title: str
    description: str

    def text(self) -> str:
        return (SAMPLES_DIR / self.file).read_text(encoding="utf-8")


SAMPLES = {s.key: s for s in (
    Sample("lottery", "lottery.json", "Lottery (FunctionInvoker)",
           "A function draws a winner from Persons; update ExecuteVersion to draw again."),
    Sample("http-function", "http-function.yaml", "HTTP function",
           "A Python WSGI function behind an anonymous HTTP trigger; the URL is an output."),
    Sample("timer-function", "timer-function.yaml", "Timer function",
           "A function fired by a timer trigger every minute."),
    Sample("oss-function", "oss-function.yaml", "OSS-triggered function",
           "A bucket and a function that runs for each object uploaded under incoming/."),
    Sample("custom-resource", "custom-resource.yaml", "Custom resource",
           "Custom::Greeting backed by a function that answers ROS on the ResponseURL."),
)}


def get_sample(key: str | None) -> Sample | None:
    return SAMPLES.get(key or "")
