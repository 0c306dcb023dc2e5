#pragma once

#include <chrono>

#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

class QAbstractItemModel;

namespace Ops {

class MainWindow;
class Session;
class WindowManager;

//! \brief `opsboard --state-log FILE`: one JSON line whenever what the screen tells the
//! dispatcher changes, so a test or an operator can check it from outside the process.
//!
//! A line holds the time, the orders with a change waiting for the server, and per window the
//! badge and per panel whether it says live, its "as of" time when not, the rows it shows and a
//! digest of them (the first 16 hex digits of SHA-1 over "id:version" lines, sorted by id, for
//! the panels that list server rows). Changes are collected for at most minimumGap() (default
//! 100 ms) so a stream of events costs at most ten lines a second.
class StateLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StateLog)

public:
    StateLog(Session *session, WindowManager *windows, QObject *parent = nullptr);
    ~StateLog() override;

    //! Appends to \a path (created if needed); false with \a error when it cannot be written.
    bool open(const QString &path, QString *error = nullptr);
    void setMinimumGap(std::chrono::milliseconds gap) { m_gap = gap; }
    [[nodiscard]] std::chrono::milliseconds minimumGap() const { return m_gap; }

    //! What the screen tells now (a line without its "ts").
    [[nodiscard]] QJsonObject snapshot() const;
    //! The digest of the rows \a shown lists (through any proxies), as described above.
    [[nodiscard]] static QString digestOf(const QAbstractItemModel *shown);
    //! The same digest over "id:version" pairs, e.g. from the server's REST answer.
    [[nodiscard]] static QString digestOf(QList<std::pair<QString, qint64>> rows);
    [[nodiscard]] qint64 linesWritten() const { return m_lines; }

public Q_SLOTS:
    //! Something may have changed: a line follows within minimumGap() if it did.
    void schedule();

private:
    void watch(MainWindow *window);
    void write();

    Session *m_session;
    WindowManager *m_windows;
    QFile m_file;
    QTimer m_timer;
    QElapsedTimer m_sinceWrite;
    QJsonObject m_last;
    std::chrono::milliseconds m_gap { 100 };
    qint64 m_lines = 0;
};

} // namespace Ops
