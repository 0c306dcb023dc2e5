#include "configfile.h"

#include <QFile>
#include <QRegularExpression>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr qsizetype kMaxFileBytes = 1024 * 1024;
constexpr qsizetype kMaxLineChars = 4096;

} // namespace

ConfigFile::ConfigFile(QStringList valueKeys, QStringList flagKeys)
    : m_valueKeys(std::move(valueKeys))
    , m_flagKeys(std::move(flagKeys))
{ }

void ConfigFile::addGroup(const QString &prefix, const QStringList &fields)
{
    m_groups.insert(prefix, fields);
}

QString ConfigFile::groupOf(const QString &key) const
{
    static const QRegularExpression name(u"^[A-Za-z0-9_-]{1,64}$"_s);
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        if (!key.startsWith(it.key()))
            continue;
        const QString rest = key.mid(it.key().size());
        const qsizetype dot = rest.lastIndexOf(u'.');
        if (dot > 0 && name.match(rest.left(dot)).hasMatch() && it->contains(rest.mid(dot + 1)))
            return it.key();
    }
    return {};
}

QList<ConfigFile::Entry> ConfigFile::groupEntries(const QString &prefix) const
{
    QList<Entry> out;
    for (const Entry &entry : m_entries) {
        if (groupOf(entry.key) == prefix)
            out.append(entry);
    }
    return out;
}

bool ConfigFile::fail(int line, const QString &reason)
{
    m_error = line > 0 ? u"%1:%2: %3"_s.arg(m_fileName).arg(line).arg(reason)
                       : u"%1: %2"_s.arg(m_fileName, reason);
    m_entries.clear();
    return false;
}

bool ConfigFile::load(const QString &path)
{
    m_fileName = path;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(0, u"cannot read: %1"_s.arg(file.errorString()));
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes)
        return fail(0, u"larger than %1 bytes"_s.arg(kMaxFileBytes));
    return parse(text, path);
}

bool ConfigFile::parse(const QByteArray &text, const QString &fileName)
{
    m_fileName = fileName;
    m_error.clear();
    m_entries.clear();
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder(text);
    if (decoder.hasError())
        return fail(0, u"not valid UTF-8"_s);
    const QStringList lines = decoded.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNo = int(i + 1);
        QString line = lines.at(i);
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (line.size() > kMaxLineChars)
            return fail(lineNo, u"line longer than %1 characters"_s.arg(kMaxLineChars));
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
            continue;
        const qsizetype eq = trimmed.indexOf(u'=');
        if (eq < 0)
            return fail(lineNo, u"expected 'key = value'"_s);
        const QString key = trimmed.left(eq).trimmed();
        const QString value = trimmed.mid(eq + 1).trimmed();
        if (key.isEmpty())
            return fail(lineNo, u"missing key before '='"_s);
        const bool isFlag = m_flagKeys.contains(key);
        if (!isFlag && !m_valueKeys.contains(key) && groupOf(key).isEmpty()) {
            if (key.startsWith(u'-'))
                return fail(lineNo,
                    u"unknown key '%1' (write keys without leading dashes)"_s.arg(key.left(64)));
            return fail(lineNo, u"unknown key '%1'"_s.arg(key.left(64)));
        }
        for (const Entry &entry : std::as_const(m_entries)) {
            if (entry.key == key)
                return fail(lineNo,
                    u"duplicate key '%1' (first set on line %2)"_s.arg(key).arg(entry.line));
        }
        if (value.isEmpty())
            return fail(lineNo, u"empty value for '%1'"_s.arg(key));
        for (const QChar c : value) {
            if (c.category() == QChar::Other_Control)
                return fail(lineNo, u"control character in the value of '%1'"_s.arg(key));
        }
        if (isFlag && value != "true"_L1 && value != "false"_L1)
            return fail(lineNo, u"'%1' is a switch: the value must be true or false"_s.arg(key));
        m_entries.append(Entry { key, value, lineNo });
    }
    return true;
}

QString ConfigFile::origin(const QString &key) const
{
    for (const Entry &entry : m_entries) {
        if (entry.key == key)
            return u"%1:%2"_s.arg(m_fileName).arg(entry.line);
    }
    return {};
}

QStringList ConfigFile::toArguments() const
{
    QStringList args;
    for (const Entry &entry : m_entries) {
        if (!groupOf(entry.key).isEmpty())
            continue;
        if (m_flagKeys.contains(entry.key)) {
            if (entry.value == "true"_L1)
                args.append(u"--"_s + entry.key);
            continue;
        }
        args.append(u"--"_s + entry.key);
        args.append(entry.value);
    }
    return args;
}

} // namespace Ops
