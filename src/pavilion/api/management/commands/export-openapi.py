import json

from django.core.management.base import BaseCommand

from pavilion.api.api import api


def openapi_document() -> str:
    """The OpenAPI document as committed in docs/openapi.json: sorted keys, indent 2, final newline."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print the API's OpenAPI document (JSON, sorted keys, indent 2), e.g. into docs/openapi.json."

    def handle(self, *args, **options):
        self.stdout.write(openapi_document(), ending="")
