from django.db import migrations

# RULES section 3: the rounds seen in practice (UNCONFIRMED as a norm), editable afterwards.
DEFAULT_ROUNDS = [
    (2, 3, "Kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam (3/2)"),
    (5, 19, "Kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh (19/5)"),
    (9, 2, "Quốc khánh (2/9)"),
    (11, 7, "Kỷ niệm Cách mạng Tháng Mười Nga (7/11)"),
]


def add_rounds(apps, schema_editor):
    BadgeRound = apps.get_model("awards", "BadgeRound")
    for month, day, name in DEFAULT_ROUNDS:
        BadgeRound.objects.get_or_create(month=month, day=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_awards_badge_rounds_and_illnesses")]

    operations = [migrations.RunPython(add_rounds, migrations.RunPython.noop)]
