"""What other apps hear from the schools app.

`staff_deactivated` is sent inside the transaction that closes a leaver's sign-in, with `user` and
`actor`. Apps that keep something the person made (calendar feeds, API tokens) connect a receiver in
their AppConfig.ready() that revokes it, writes its own audit rows, and returns a dict of counts for
the leaver's audit row. The schools app imports none of them.
"""

from django.dispatch import Signal

staff_deactivated = Signal()
