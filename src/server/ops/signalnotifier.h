#pragma once

#include <memory>

#include <QList>
#include <QObject>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace Ops {

//! \brief Turns POSIX signals into a Qt signal with the self-pipe trick: the handler only
//! writes the signal number into a socket pair, and a QSocketNotifier on the other end emits
//! signalReceived() from the event loop, where any work is safe. On Windows a console control
//! handler reports Ctrl+C as SIGINT and Ctrl+Break, closing the console, logoff and shutdown as
//! SIGTERM. One instance per process.
class SignalNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalNotifier)

public:
    //! Watches \a watched (e.g. SIGTERM, SIGINT, SIGHUP).
    explicit SignalNotifier(const QList<int> &watched, QObject *parent = nullptr);
    ~SignalNotifier() override;

    //! False when the socket pair or a handler could not be set up.
    [[nodiscard]] bool isValid() const { return m_valid; }

Q_SIGNALS:
    void signalReceived(int signal);

private:
    void onReadable();

    QList<int> m_signals;
    std::unique_ptr<QSocketNotifier> m_notifier;
    bool m_valid = false;
};

} // namespace Ops
