"""`{{ scan.reason|scan_reason }}`, `{{ scan.alert|scan_alert }}`: a scan's codes in words;
`{{ scan|scan_outcome }}`: its result and why ("Denied — revoked badge")."""

from django import template

from pavilion.accreditation import labels

register = template.Library()
register.filter("scan_reason", labels.scan_reason)
register.filter("scan_alert", labels.scan_alert)
register.filter("scan_outcome", labels.scan_outcome)
