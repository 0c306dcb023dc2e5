#pragma once

#include <QDialog>
#include <QUrl>

class QLabel;
class QPushButton;

namespace Ops {

//! \brief A new phone's device key, shown this once: big, selectable and copyable, with what to
//! type into Traccar Client (the key as its "Device identifier", the server URL) and the warning
//! that it cannot be shown again. The key lives only in this dialog's widgets (and the clipboard
//! when copied); closing the dialog forgets it.
class DeviceKeyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceKeyDialog)

public:
    DeviceKeyDialog(const QString &driverName, const QString &deviceLabel, const QString &key,
        const QUrl &serverUrl, QWidget *parent = nullptr);
    ~DeviceKeyDialog() override;

    [[nodiscard]] QLabel *keyLabel() const { return m_key; }
    [[nodiscard]] QLabel *urlLabel() const { return m_url; }
    [[nodiscard]] QPushButton *copyButton() const { return m_copy; }

    //! The key grouped for reading aloud ("9wv2 g9vn m069 …"); Traccar takes it without spaces.
    [[nodiscard]] static QString grouped(const QString &key);

protected:
    void done(int result) override;

private:
    QString m_plainKey;
    QLabel *m_key;
    QLabel *m_url;
    QPushButton *m_copy;
};

} // namespace Ops
