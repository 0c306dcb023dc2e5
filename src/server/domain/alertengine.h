#pragma once

#include <chrono>
#include <functional>

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include "protocol/alert.h"

namespace Ops {

class Auth;
class AlertRuleSet;
class Store;

//! \brief The alert engine: scans orders and drivers and raises alerts by the alert rules
//! (AlertRuleSet: per region, with severity and thresholds) through the Store, so they are
//! events like any other write; resolves its own alerts when their cause is gone; wakes
//! snoozed alerts; and escalates the ones nobody handles.
//!
//! Kinds: `overdue_order` (open and past due by the threshold), `late_order` (due within the
//! threshold, not picked up), `unassigned_order` (no driver within the threshold of the due
//! time), `predicted_late` (not yet due, and its ETA is after the due time by more than the
//! threshold: the warning before the order is late), `failed_delivery` (an order failed in the
//! last day), `unresponsive_driver` (online and silent for the threshold).
//!
//! Escalation, per alert and rule: open and not acknowledged after `renotifyMinutes`, everyone
//! handling the region is told again ("renotified"); still not after `escalateMinutes`, the
//! region's managers ("escalated"); acknowledged and not resolved after `remindMinutes` (and
//! every `remindMinutes` again), its acknowledger ("reminded"). Each step is one versioned
//! write of the alert: a restart repeats none and loses none (the next scan does what is due),
//! and with several instances exactly one writes each step. A snoozed alert does not escalate.
class AlertEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertEngine)

public:
    //! \a users (may be null: no audiences) names who escalation steps are for.
    explicit AlertEngine(Store &store, const Auth *users = nullptr, QObject *parent = nullptr);

    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }
    //! Where the timer's scans take "now" from (default: the system clock, UTC).
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    //! Called after each committed batch of escalation steps with the steps written so far in
    //! this scan (crash tests kill the process there: a step batch is all or nothing).
    void setAfterStepBatch(std::function<void(int steps)> hook)
    {
        m_afterStepBatch = std::move(hook);
    }

    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    [[nodiscard]] bool isRunning() const { return m_timer.isActive(); }

    //! One scan as of \a now. Returns how many alerts it raised, resolved, woke or escalated.
    int scan(const QDateTime &now);

Q_SIGNALS:
    void scanned(int changes);

private:
    //! The escalation steps of \a alerts due at \a now under \a rules, written in batches (one
    //! transaction per round; a server that was down may owe an alert two steps: two rounds).
    int escalate(QList<Alert> alerts, const AlertRuleSet &rules, const QDateTime &now);
    //! The next step of \a alert due at \a now (kind empty: none).
    [[nodiscard]] AlertEscalation nextStep(
        const Alert &alert, const AlertRuleSet &rules, const QDateTime &now) const;
    //! Users who handle alerts in \a region; with \a managersOnly, its managers.
    [[nodiscard]] QStringList audience(const QString &region, bool managersOnly) const;

    Store &m_store;
    const Auth *m_users;
    QTimer m_timer;
    std::function<QDateTime()> m_clock;
    std::function<void(int)> m_afterStepBatch;
};

} // namespace Ops
