#include "filewatch.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace Ops {
namespace {

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

FileWatch::FileWatch(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_hash(fileHash(path))
{
    m_watcher.addPaths({ path, QFileInfo(path).absolutePath() });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &FileWatch::onChange);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &FileWatch::onChange);
}

void FileWatch::markSeen()
{
    m_hash = fileHash(m_path);
}

void FileWatch::onChange()
{
    if (!m_watcher.files().contains(m_path) && QFile::exists(m_path))
        m_watcher.addPath(m_path);
    const QByteArray hash = fileHash(m_path);
    if (hash == m_hash)
        return;
    m_hash = hash;
    Q_EMIT changed();
}

} // namespace Ops
