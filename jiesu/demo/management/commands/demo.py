"""`jiesu demo`: load the demo street (about 55,000 orders since 2023) into an empty database."""

import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, connection, transaction

from jiesu.core.extensions import DemoContext, demo_seeders
from jiesu.demo.generator import DEFAULT_START
from jiesu.demo.loader import Login, demo_load, demo_logins, demo_present

DEFAULT_PASSWORD = "jiesu2024"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from error


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def login_table(logins: list[Login]) -> str:
    rows = [("用户名", "角色", "单位", "密码")] + [(x.username, x.role, x.unit, x.password) for x in logins]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    """On SQLite, a page cache big enough for the load's hot index pages while the demo loads (this
    connection only; put back afterwards): the one big transaction then spills far fewer
    half-built index pages to the WAL file (about a third fewer bytes written)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (saved,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -131072")  # KiB: 128 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(saved)}")


class Command(BaseCommand):
    help = "生成演示街道（槐林街道）：社区、小区、承办单位、账号，以及 2023 年以来的工单和完整办理记录。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2024, help="随机种子（默认 2024）；相同种子和截止日期生成相同数据"
        )
        parser.add_argument(
            "--from",
            dest="start",
            type=_date,
            default=DEFAULT_START,
            help="最早受理日期（默认 2023-01-01），测试时可只装入一小段",
        )
        parser.add_argument(
            "--until",
            type=_date,
            default=None,
            help="截止日期（默认今天，北京时间）；演示的“现在”是当天 09:00",
        )
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help=f"演示账号密码（默认 {DEFAULT_PASSWORD}）"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库已有街道或工单时不生成，只打印账号"
        )

    @contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        """Print how long one part of the demo took: wall clock, and this process's CPU time (what
        it would take on a quiet machine; on a busy one the wall clock is mostly waiting)."""
        began, cpu = time.monotonic(), time.process_time()
        yield
        self.stdout.write(
            f"  ✓ {name} {time.monotonic() - began:.1f} 秒（CPU {time.process_time() - cpu:.1f} 秒）"
        )
        self.stdout.flush()

    def handle(self, *args, **options):
        until = options["until"] or datetime.now(ZoneInfo("Asia/Shanghai")).date()
        start, password = options["start"], options["password"]
        if start > until:
            raise CommandError("--from 不能晚于 --until。")
        if demo_present():
            if not options["if_empty"]:
                raise CommandError(
                    "数据库中已有街道或工单，演示数据只能装入空数据库（或加 --if-empty 跳过）。"
                )
            self.stdout.write("数据库中已有数据，跳过生成演示数据。")
        else:
            self.stdout.write(f"正在生成演示数据：{start} 至 {until}，种子 {options['seed']} …")
            began, cpu = time.monotonic(), time.process_time()
            try:
                with (
                    _sqlite_cache(),
                    transaction.atomic(),
                ):  # the street, its orders and every app's part, or nothing
                    with self._phase("street"):
                        demo = demo_load(seed=options["seed"], until=until, start=start, password=password)
                    context = DemoContext(
                        seed=options["seed"], now=demo.now, start=start, until=until, password=password
                    )
                    summaries = []
                    for key, seeder in demo_seeders.keyed():
                        with self._phase(key):
                            summaries.append(seeder(context))
            except IntegrityError as error:
                raise CommandError(f"演示数据与数据库中已有的数据重名，未写入任何数据：{error}") from error
            self.stdout.write(
                f"完成：工单 {len(demo.orders):,} 件，办理记录 {len(demo.events):,} 条，"
                f"用时 {time.monotonic() - began:.1f} 秒（CPU {time.process_time() - cpu:.1f} 秒）。演示的“现在”：{demo.now:%Y-%m-%d %H:%M}。"
            )
            for summary in summaries:
                if summary:
                    self.stdout.write(f"  {summary}")
        logins = demo_logins(password=password)
        if logins:
            self.stdout.write("\n演示账号：\n" + login_table(logins))
            self.stdout.write(
                "各承办单位另有工作人员账号（sq 社区、wy 物业项目、jd 街道科室、bm 部门、gy 公共服务企业、"
                "gj 共建单位，后接两位序号），密码相同。"
            )
