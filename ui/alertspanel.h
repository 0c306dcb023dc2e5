#pragma once

#include <QPointer>
#include <QSet>

#include "dashpanel.h"
#include "sync/alertactions.h"

class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace Ops {

class AlertsTableModel;
class AwayAlerts;
class AwayBanner;
class QueryClient;

//! \brief The alerts inbox: open and acknowledged alerts, most severe and oldest first, with
//! acknowledge / resolve / snooze.
//!
//! The buttons run AlertActions (optimistic mutations: the row changes or leaves the inbox at
//! once, a refusal rolls it back); the panel says what came of the actions it started
//! (actionFailed(), statusMessage()). Actions are off while not live (setActionsEnabled()). New
//! critical alerts that arrive after the first load are announced once each (alertNotified(),
//! statusMessage()); the desktop notification is DesktopNotifier's, once for the whole app.
//!
//! Selecting an alert (a click, the keyboard) is opening it: its receipt is recorded once
//! (AlertActions::markSeen()), and the "seen and handled" column shows everyone's. With
//! setAwayAlerts(), a band above the inbox lists the alerts raised while the app was not live
//! until they are looked at (AwayBanner).
class AlertsPanel final : public DashPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsPanel)

public:
    using Action = AlertActions::Action;

    //! Shows the inbox of \a queries; the buttons run \a actions (none: read only).
    AlertsPanel(QueryClient *queries, AlertActions *actions, QWidget *parent = nullptr);
    ~AlertsPanel() override;

    [[nodiscard]] AlertsTableModel *model() const { return m_model; }
    [[nodiscard]] QTableView *view() const { return m_view; }
    [[nodiscard]] QString selectedAlert() const;
    [[nodiscard]] bool actionsEnabled() const { return m_actionsEnabled; }
    //! Minutes the snooze button uses (default 30).
    void setSnoozeMinutes(int minutes) { m_snoozeMinutes = minutes; }

    //! Shows the alerts raised while away above the inbox (none: no band).
    void setAwayAlerts(AwayAlerts *away);
    [[nodiscard]] AwayBanner *awayBanner() const { return m_banner; }
    //! Selects alert \a id in the inbox as a click would (records its receipt, takes it off the
    //! away list); false when the inbox does not show it (the receipt is recorded anyway).
    bool openAlert(const QString &id);

    //! Runs \a action on alert \a id (what the buttons do); false when not possible now.
    bool run(Action action, const QString &id);

public Q_SLOTS:
    void setActionsEnabled(bool enabled);
    void selectOrder(const QString &id) override;
    void selectDriver(const QString &id) override;

Q_SIGNALS:
    //! A message for the status bar (new critical alerts, action results).
    void statusMessage(const QString &text);
    //! The server refused an action this panel started; the row is back as it was.
    void actionFailed(const QString &alertId, const QString &message);
    //! An action this panel started finished (successfully or not).
    void actionSettled(const QString &alertId, bool ok);
    //! A new critical alert arrived (once per alert).
    void alertNotified(const QString &alertId, const QString &message);

private:
    void onSelectionChanged();
    void onRowsArrived();
    void updateButtons();
    void selectSubject(const QString &subjectId);

    void opened(const QString &id);

    QPointer<AlertActions> m_actions;
    QPointer<AwayAlerts> m_away;
    AwayBanner *m_banner = nullptr;
    AlertsTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QPushButton *m_ack;
    QPushButton *m_resolve;
    QToolButton *m_snooze;
    QSet<QString> m_seen; //!< alerts already present or already notified
    QSet<QString> m_mine; //!< alerts whose action this panel started (it reports their outcome)
    bool m_baselined = false;
    bool m_actionsEnabled = true;
    int m_snoozeMinutes = 30;
};

} // namespace Ops
