#pragma once

#include <functional>

#include <QList>
#include <QObject>
#include <QPointer>

namespace Ops {

class MainWindow;
class Session;

//! \brief The app's windows over one Session: "New window" opens another on the same
//! connection and cache, each in the lowest free layout slot. Windows delete themselves on
//! close; closing the last one quits the application (Qt's quitOnLastWindowClosed).
class WindowManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowManager)

public:
    explicit WindowManager(Session *session, QObject *parent = nullptr);
    ~WindowManager() override;

    //! Called on every new window before its layout is restored (e.g. to add more panels).
    void setWindowSetup(std::function<void(MainWindow *)> setup);

    //! Opens (and shows) a window in the lowest free slot.
    MainWindow *openWindow();
    [[nodiscard]] QList<MainWindow *> windows() const;

Q_SIGNALS:
    void windowOpened(Ops::MainWindow *window);
    void signInRequested();

private:
    Session *m_session;
    QList<QPointer<MainWindow>> m_windows;
    std::function<void(MainWindow *)> m_setup;
};

} // namespace Ops
