"""Codes of the meeting pages in words: `{{ item|compliance_text }}`, `{{ rule.outcome|compliance_outcome }}`,
`{{ item.priority|priority_label }}`."""

from django import template

from pavilion.meetings import compliance_labels
from pavilion.meetings.forms.requests import priority_label

register = template.Library()
register.filter("compliance_text", compliance_labels.request_compliance_text)
register.filter("compliance_outcome", compliance_labels.outcome_label)
register.filter("priority_label", priority_label)
