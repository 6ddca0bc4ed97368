"""factory_boy factories for the whole project (one place, so every test builds data alike)."""

from datetime import timedelta

import factory
from django.utils import timezone

from jiesu.accounts.models import Role, User
from jiesu.places.models import Building, Community, Compound, Street
from jiesu.units.models import Unit
from jiesu.workorders.models import Category, Channel, WorkOrder


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street
        django_get_or_create = ["name"]

    name = "示范街道"


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"第{n}社区")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = Unit.Kind.DEPARTMENT


class CommunityUnitFactory(UnitFactory):
    kind = Unit.Kind.COMMUNITY
    community = factory.SubFactory(CommunityFactory)
    name = factory.LazyAttribute(lambda unit: f"{unit.community.name}居委会")


class PropertyCompanyFactory(UnitFactory):
    kind = Unit.Kind.PROPERTY_COMPANY
    name = factory.Sequence(lambda n: f"物业公司{n}")


class PropertyProjectFactory(UnitFactory):
    kind = Unit.Kind.PROPERTY_PROJECT
    parent = factory.SubFactory(PropertyCompanyFactory)
    name = factory.Sequence(lambda n: f"物业项目{n}")


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"小区{n}")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    compound = factory.SubFactory(CompoundFactory)
    number = factory.Sequence(lambda n: str(n + 1))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.DEPARTMENT
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DispatcherFactory(UserFactory):
    role = Role.DISPATCHER


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"分类{n}")


class WorkOrderFactory(factory.django.DjangoModelFactory):
    """An order as registered (status 待派单) with deadlines set; use services to move it."""

    class Meta:
        model = WorkOrder

    number = factory.Sequence(lambda n: f"T{n:08d}")
    channel = Channel.HOTLINE
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    content = "小区楼道灯坏了，晚上看不见路。"
    title = "楼道灯坏了"
    citizen_name = "张三丰"
    citizen_phone = "13812345678"
    response_due = factory.LazyAttribute(lambda order: order.received_at + timedelta(hours=24))
    resolve_due = factory.LazyAttribute(lambda order: order.received_at + timedelta(days=7))
