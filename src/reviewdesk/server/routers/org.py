"""GET /v1/org/confirmation-code and POST …/regenerate (本单位确认码, seed 000 §2.6).

Only units have a code; other tiers get 404 like any absent resource. Regenerating is for a unit's
admin users only (403 otherwise): a new code invalidates the one candidates were told.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewdesk.domain.enums import Tier
from reviewdesk.server.audit import audit
from reviewdesk.server.deps import CallerDep, DbDep, SettingsDep, project_of
from reviewdesk.server.errors import ApiError, not_found
from reviewdesk.server.models import Organisation
from reviewdesk.server.mutations import now
from reviewdesk.server.schemas import ConfirmationCodeOut, ErrorOut
from reviewdesk.server.scope import Caller
from reviewdesk.server.security import new_confirmation_code
from reviewdesk.server.settings import ServerSettings

router = APIRouter(prefix="/v1/org", tags=["organisation"])

NO_CODE = "只有单位有本单位确认码"
ADMIN_ONLY = "只有单位管理员可以重新生成确认码"


def _payload(session: Session, caller: Caller, org: Organisation, settings: ServerSettings) -> dict[str, Any]:
    project = project_of(session, settings)
    return {
        "project": project.name,
        "project_type": project.type,
        "org_name": org.name,
        "user": caller.display_name,
        "code": org.confirmation_code or "",
        "can_regenerate": caller.role == "admin",
    }


@router.get(
    "/confirmation-code",
    response_model=ConfirmationCodeOut,
    responses={404: {"model": ErrorOut}},
)
def confirmation_code(caller: CallerDep, db: DbDep, settings: SettingsDep) -> dict[str, Any]:
    if caller.tier is not Tier.UNIT:
        raise not_found(NO_CODE)
    with db.read() as session:
        return _payload(session, caller, session.get_one(Organisation, caller.org_id), settings)


@router.post(
    "/confirmation-code/regenerate",
    response_model=ConfirmationCodeOut,
    responses={403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
def regenerate(caller: CallerDep, db: DbDep, settings: SettingsDep) -> dict[str, Any]:
    if caller.tier is not Tier.UNIT:
        raise not_found(NO_CODE)
    if caller.role != "admin":
        raise ApiError(403, "forbidden", ADMIN_ONLY)
    for _attempt in range(5):  # codes are unique; a clash with another unit's code is retried
        try:
            with db.write() as session:
                org = session.get_one(Organisation, caller.org_id)
                old = org.confirmation_code
                org.confirmation_code = new_confirmation_code()
                org.code_updated_at = now()
                audit(session, "code_regenerate", caller=caller, target=org.id, detail={"old": old})
                session.flush()
                return _payload(session, caller, org, settings)
        except IntegrityError:
            continue
    raise ApiError(503, "unavailable", "暂时无法生成确认码，请重试", {"Retry-After": "1"})
