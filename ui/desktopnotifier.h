#pragma once

#include <functional>

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include "models/notificationpolicy.h"

class QAction;
class QSoundEffect;
class QSystemTrayIcon;

namespace Ops {

class AlertsTableModel;
class MainWindow;
class QueryClient;
class WindowManager;

//! \brief Brings new alerts to the dispatcher's attention when the app is not in front: one for
//! the whole app, however many windows are open.
//!
//! A critical alert becomes a desktop notification with "Acknowledge" and "Open" actions — on
//! Linux through the freedesktop notification service (D-Bus), elsewhere (or when no such
//! service answers) through the tray icon — and every window asks for attention
//! (QApplication::alert). New alerts play the sound of their severity (the most severe one's when
//! several arrive together) unless the dispatcher muted them (muteAction(), kept in QSettings).
//! Many critical alerts at once (an engine scan) are one notification saying how many. Alerts
//! present at the first load are known already and raise nothing.
//!
//! Per user (setUser(), the signed-in one): which severities play a sound and quiet hours, in
//! which only critical alerts are heard and shown (NotificationPreferences; decideNotification()
//! decides, at the time of the injectable clock). The View menu's "Alert sounds" sets them.
//! An escalation step addressed to this user (`audience`: told again, escalated to the region's
//! managers, reminded) notifies again, whatever the alert's severity.
class DesktopNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopNotifier)
    Q_PROPERTY(bool muted READ isMuted WRITE setMuted NOTIFY mutedChanged)

public:
    //! How a critical alert reached the desktop.
    enum class Channel {
        DBus, //!< org.freedesktop.Notifications
        Tray, //!< QSystemTrayIcon::showMessage
        None, //!< neither is available: only the status bar (AlertsPanel) says it
    };
    Q_ENUM(Channel)

    explicit DesktopNotifier(QueryClient *queries, QObject *parent = nullptr);
    ~DesktopNotifier() override;

    [[nodiscard]] bool isMuted() const { return m_muted; }
    void setMuted(bool muted);
    //! A checkable "Mute alert sounds" action for menus (shared by every window).
    [[nodiscard]] QAction *muteAction() const { return m_muteAction; }
    //! The tray icon (nullptr where the system has no tray).
    [[nodiscard]] QSystemTrayIcon *trayIcon() const { return m_tray; }
    //! Plays sounds through \a player instead of QSoundEffect (tests, or a silent kiosk).
    void setSoundPlayer(std::function<void(const QString &severity)> player);
    //! More critical alerts than this arriving together are one notification that says how many.
    static constexpr qsizetype kSeparateNotifications = 3;
    //! Whether D-Bus notifications are tried (default: on Linux).
    void setUseDBus(bool use) { m_useDBus = use; }
    //! Works with the app's windows: every window's View menu gets muteAction(); "Acknowledge"
    //! runs the alerts panel's acknowledge action of the front window (the one opened first),
    //! "Open" brings that window up with the alert's order or driver selected (with the alerts
    //! panel in front for a notification of several alerts).
    void attach(WindowManager *windows);

    using Clock = std::function<QDateTime()>;
    //! The time now (default: the system clock); decides quiet hours in local time.
    void setClock(Clock clock) { m_clock = std::move(clock); }
    //! The signed-in user, whose preferences apply (loaded from QSettings).
    void setUser(const QString &user);
    [[nodiscard]] const NotificationPreferences &preferences() const { return m_prefs; }
    //! Changes the user's preferences (kept in QSettings).
    void setPreferences(const NotificationPreferences &preferences);
    //! Checkable actions for the "Alert sounds" menu: a sound per severity, then quiet hours.
    [[nodiscard]] QList<QAction *> preferenceActions() const;

    //! The sound file of \a severity ("critical", "warning", "info").
    [[nodiscard]] static QString soundOf(const QString &severity);

Q_SIGNALS:
    void mutedChanged(bool muted);
    //! The dispatcher chose "Acknowledge" on the notification of \a alertId.
    void acknowledgeRequested(const QString &alertId);
    //! The dispatcher chose "Open" (or clicked the notification) of \a alertId about
    //! \a subjectId (an order or a driver).
    void openRequested(const QString &alertId, const QString &subjectId);
    //! The dispatcher chose "Open" on a notification that stood for several alerts.
    void alertsRequested();
    //! A critical alert was brought to the desktop.
    void notified(const QString &alertId, Ops::DesktopNotifier::Channel channel);
    //! An escalation step of \a alertId addressed to this user ("renotified", "escalated",
    //! "reminded") was brought to the desktop (\a desktop) or only sounded.
    void escalationNotified(const QString &alertId, const QString &step, bool desktop);
    //! The sound of \a severity was played.
    void soundPlayed(const QString &severity);
    //! The windows were asked to draw the dispatcher's attention (QApplication::alert).
    void attentionRequested();

private Q_SLOTS:
    // D-Bus signals need string-based slots (QDBusConnection::connect).
    void onActionInvoked(uint notification, const QString &action);
    void onNotificationClosed(uint notification, uint reason);

private:
    void onRowsChanged();
    void announce(const QList<QJsonObject> &alerts);
    //! \a id empty: a summary of several alerts.
    void notifyDesktop(const QString &id, const QString &title, const QString &message);
    void notifyTray(const QString &id, const QString &title, const QString &message);
    void playSound(const QString &severity);
    void closeSettled();
    void acknowledge(const QString &alertId);
    void open(const QString &subjectId, bool showAlerts);
    [[nodiscard]] MainWindow *frontWindow() const;

    void syncPreferenceActions();
    //! Escalation steps addressed to this user that arrived since the last look.
    void onEscalations();

    AlertsTableModel *m_model;
    QPointer<WindowManager> m_windows;
    QAction *m_muteAction;
    Clock m_clock;
    QString m_user;
    NotificationPreferences m_prefs;
    QHash<QString, QAction *> m_soundActions; //!< severity → "sound for …"
    QAction *m_quietAction;
    QSystemTrayIcon *m_tray = nullptr;
    QHash<QString, QSoundEffect *> m_sounds;
    std::function<void(const QString &)> m_player;
    QSet<QString> m_seen;
    QHash<QString, int> m_steps; //!< alert id → the escalation step last seen
    QHash<uint, QString> m_notifications; //!< D-Bus notification id → alert id
    QSet<uint> m_summaries; //!< D-Bus notifications that stand for several alerts
    QHash<QString, QString> m_subjects; //!< alert id → subject id
    QString m_lastTrayAlert;
    bool m_baselined = false;
    bool m_muted = false;
    bool m_useDBus = false;
    bool m_dbusConnected = false;
};

} // namespace Ops
