"""The crisis notice: fixed, reviewed text from `coach/help_services.yaml`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

HELP_FILE = Path(__file__).with_name("help_services.yaml")


class HelpFileError(ValueError):
    """coach/help_services.yaml is malformed; the message names the field."""


class Service(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = Field(min_length=1)
    name: str = Field(min_length=1)
    contact: str = Field(min_length=1)
    how: str = Field(min_length=1)


class HelpNotice(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    services: tuple[Service, ...] = Field(min_length=1)
    caveat: str = Field(min_length=1)


@lru_cache(maxsize=2)
def load_help(path: Path = HELP_FILE) -> HelpNotice:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return HelpNotice.model_validate(data)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise HelpFileError(f"{path}: cannot be read ({exc})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise HelpFileError(f"{path}: {where}: {first['msg']}") from exc
