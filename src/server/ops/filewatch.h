#pragma once

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QString>

namespace Ops {

//! \brief Tells when the content of one file changed: edited in place, or replaced (as editors
//! and `opsboard-server users …` do, by renaming a new file over it). The directory is watched
//! too, and the file watched again after each replacement; changed() comes only when the
//! bytes differ from the last time (other files in the directory do not count).
class FileWatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileWatch)

public:
    explicit FileWatch(const QString &path, QObject *parent = nullptr);

    [[nodiscard]] QString path() const { return m_path; }
    //! Takes the file's current bytes as seen (after a reload that did not come from changed()).
    void markSeen();

Q_SIGNALS:
    void changed();

private:
    void onChange();

    QString m_path;
    QByteArray m_hash;
    QFileSystemWatcher m_watcher;
};

} // namespace Ops
