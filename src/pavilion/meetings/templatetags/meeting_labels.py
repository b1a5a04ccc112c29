"""Codes of the meeting pages in words: `{{ item|compliance_text }}`, `{{ rule.outcome|compliance_outcome }}`."""

from django import template

from pavilion.meetings import compliance_labels

register = template.Library()
register.filter("compliance_text", compliance_labels.request_compliance_text)
register.filter("compliance_outcome", compliance_labels.outcome_label)
