from .tasks import pass_on_expired_offers, send_reminders

#: Hourly: the reminder task remembers what it sent, so running it often is harmless.
#: Every two minutes: an offered seat not accepted in time passes on soon after its deadline
#: (accepting is refused from the deadline itself, whenever the job runs).
PERIODIC = [(send_reminders, 60 * 60), (pass_on_expired_offers, 2 * 60)]
