from ninja import Router

from pavilion.meetings import request_api, schedule_api

router = Router(tags=["meetings"])
router.add_router("", request_api.router)
router.add_router("", schedule_api.router)
