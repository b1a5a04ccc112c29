"""The screening engine's codes and phrases in words on the vetting pages (see vetting.labels)."""

from django import template

from pavilion.vetting import labels

register = template.Library()
register.filter("qualifier", labels.qualifier)
register.filter("entity_schema", labels.entity_schema)
register.filter("embargo_scope", labels.embargo_scope)
register.filter("screening_trigger", labels.screening_trigger)
register.filter("embargo_target", labels.embargo_target)
register.filter("embargo_note", labels.embargo_note)  # `{{ embargo.note|embargo_note:embargo.authority }}`
