from .tasks import send_reminders

#: Hourly: the reminder task remembers what it sent, so running it often is harmless.
PERIODIC = [(send_reminders, 60 * 60)]
