"""Signals other apps listen to.

`completion_confirmed` is sent after the transaction that confirmed a completion has committed,
once per completed registration, with `registration=<Registration>` (status COMPLETED,
`completed_at` set). The certificates app issues a certificate when the course has a template.
"""

from django.dispatch import Signal

completion_confirmed = Signal()
